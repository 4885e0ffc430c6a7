// Liveness and readiness.
import { defineModule } from '../module.js'
import healthRoutes from './routes.js'

export default defineModule({ name: 'health', routes: [healthRoutes] })
