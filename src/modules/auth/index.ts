// Facebook Login for the team: the OAuth dance, sign-in and logout.
import { defineModule } from '../module.js'
import authRoutes from './routes.js'

export default defineModule({ name: 'auth', routes: [authRoutes] })
