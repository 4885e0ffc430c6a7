// The home page and the language switch.
import { defineModule } from '../module.js'
import homeRoutes from './routes.js'

export default defineModule({ name: 'home', routes: [homeRoutes] })
