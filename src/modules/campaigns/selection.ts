// Keeps the best `n` items of a stream without holding the whole stream: a bounded binary heap with
// the worst kept item on top, so the draw ranks a million entries in constant memory and O(log n) each.
export class BestN<T> {
  private readonly heap: T[] = []
  constructor(
    private readonly n: number,
    /** negative when a ranks before b */
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** The item a newcomer must beat once n are kept; undefined while there is room. */
  worst(): T | undefined {
    return this.heap.length === this.n ? this.heap[0] : undefined
  }

  offer(item: T): void {
    if (this.n <= 0) return
    const heap = this.heap
    if (heap.length < this.n) {
      heap.push(item)
      this.up(heap.length - 1)
    } else if (this.compare(item, heap[0] as T) < 0) {
      heap[0] = item
      this.down(0)
    }
  }

  /** The kept items, best first. */
  result(): T[] {
    return [...this.heap].sort(this.compare)
  }

  /** Moves an item up while it ranks after its parent (worse items towards the top). */
  private up(at: number): void {
    const heap = this.heap
    let i = at
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.compare(heap[i] as T, heap[parent] as T) <= 0) break
      ;[heap[i], heap[parent]] = [heap[parent] as T, heap[i] as T]
      i = parent
    }
  }

  private down(at: number): void {
    const heap = this.heap
    let i = at
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let worst = i
      if (left < heap.length && this.compare(heap[left] as T, heap[worst] as T) > 0) worst = left
      if (right < heap.length && this.compare(heap[right] as T, heap[worst] as T) > 0) worst = right
      if (worst === i) return
      ;[heap[i], heap[worst]] = [heap[worst] as T, heap[i] as T]
      i = worst
    }
  }
}
