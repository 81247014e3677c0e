// Every page: start the GOV.UK Frontend components and show times in the reader's zone.
import { initAll } from '../govuk/govuk-frontend.min.js'
import { localiseTimes } from './times.js'

export function startPage () {
  localiseTimes(document)
  initAll()
}

if (!document.getElementById('chat')) {
  startPage()
}
