// The slot other modules fill on the home page: a module registers a section for some roles (its
// partial and the data it needs), and the home shows it in that role's order. The goals module
// uses it for goal progress on the marketer's home.
import type { FastifyRequest } from 'fastify'
import type { Role } from '../team/model.js'

export type HomeSection = {
  /** A partial under views/partials, e.g. `home-goals`. */
  partial: string
  model: Record<string, unknown>
}

export type HomeSectionProvider = {
  /** Where the section goes among the home's own: after the role's first sections. */
  roles: readonly Role[]
  /** Null: nothing to show for this person now. */
  section(request: FastifyRequest): Promise<HomeSection | null>
}

export function createHomeSections() {
  const providers: HomeSectionProvider[] = []
  return {
    /** Adds a section to the home of the given roles (call from a module's routes or core). */
    add(provider: HomeSectionProvider): void {
      providers.push(provider)
    },
    /** The contributed sections for this person, in the order they were added. */
    async for(request: FastifyRequest, role: Role): Promise<HomeSection[]> {
      const mine = providers.filter((p) => p.roles.includes(role))
      const sections = await Promise.all(mine.map((p) => p.section(request)))
      return sections.filter((s): s is HomeSection => s !== null)
    },
  }
}

export type HomeSections = ReturnType<typeof createHomeSections>
