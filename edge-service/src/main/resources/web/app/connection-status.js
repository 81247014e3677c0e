// The always-visible connection state. It sits in a role="status" region, so a screen reader announces each
// change; the words only change when the state does, so retries do not chatter.
import { State } from './live-connection.js'

const LOOK = {
  [State.CONNECTING]: { tag: 'Connecting', colour: 'govuk-tag--grey', detail: 'Connecting to live updates.' },
  [State.CONNECTED]: { tag: 'Connected', colour: 'govuk-tag--green', detail: 'New replies appear here as they arrive.' },
  [State.RECONNECTING]: { tag: 'Reconnecting', colour: 'govuk-tag--yellow', detail: 'The connection was lost. Trying to reconnect. Messages you send will be sent when it is back.' },
  [State.DISCONNECTED]: { tag: 'Disconnected', colour: 'govuk-tag--red', detail: 'You are not connected. Messages you send are kept and sent when the connection is back.' }
}

const REASONS = {
  offline: 'Your device is offline. Messages you send are kept and sent when it is back online.',
  'signed-out': 'You have been signed out. Sign in again to carry on with this conversation.',
  gone: 'This conversation is no longer available.'
}

export class ConnectionStatus {
  constructor ({ region, tag, detail, retry }) {
    this.region = region
    this.tag = tag
    this.detail = detail
    this.retry = retry
    this.region.hidden = false
  }

  show (state, reason) {
    const look = LOOK[state]
    this.region.dataset.state = state
    this.tag.className = 'govuk-tag app-connection__state ' + look.colour
    this.tag.textContent = look.tag
    this.detail.textContent = REASONS[reason] || look.detail
    const terminal = reason === 'signed-out' || reason === 'gone'
    this.retry.hidden = state !== State.DISCONNECTED || terminal
    if (reason === 'signed-out') {
      const link = document.createElement('a')
      link.className = 'govuk-link'
      link.href = '/'
      link.textContent = 'Sign in again'
      this.detail.append(' ', link)
    }
  }
}
