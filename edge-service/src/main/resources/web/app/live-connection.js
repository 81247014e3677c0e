// The page's WebSocket to the edge: connects, reports its state, and reconnects with backoff, resuming from the
// last seq the page has shown so that nothing said in the meantime is missed.
import { fullJitterDelay } from './backoff.js'

export const State = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  DISCONNECTED: 'disconnected'
})

/** After this many failed attempts in a row the page says "disconnected" (and keeps trying, less often). */
export const ATTEMPTS_BEFORE_DISCONNECTED = 4

export class LiveConnection {
  /**
   * @param {object} options
   * @param {(lastSeq: number) => string} options.url the socket URL resuming after lastSeq (-1: nothing shown yet)
   * @param {() => number} options.lastSeq the highest seq the page has shown
   * @param {(frame: object) => void} options.onFrame every parsed server frame
   * @param {() => void} options.onOpen the socket is open (send what waits)
   * @param {(state: string, reason?: string) => void} options.onState the connection state changed
   * @param {() => Promise<string|null>} options.checkAccess why the socket cannot be had ('signed-out', 'gone'), or null
   */
  constructor (options) {
    this.options = options
    this.socket = null
    this.failures = 0
    this.timer = null
    this.stopped = false
    this.everOpened = false
    this.state = null
  }

  start () {
    window.addEventListener('online', () => this.reconnectNow())
    window.addEventListener('offline', () => this.setState(State.DISCONNECTED, 'offline'))
    this.open()
  }

  /** Sends a frame now; false when there is no open socket (the caller keeps it for later). */
  send (frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return false
    }
    this.socket.send(JSON.stringify(frame))
    return true
  }

  isOpen () {
    return !!this.socket && this.socket.readyState === WebSocket.OPEN
  }

  reconnectNow () {
    if (this.stopped || this.socket) {
      return
    }
    clearTimeout(this.timer)
    this.timer = null
    this.open()
  }

  open () {
    if (this.failures === 0 && !this.everOpened) {
      this.setState(State.CONNECTING)
    }
    const socket = new WebSocket(this.options.url(this.options.lastSeq()))
    this.socket = socket
    socket.addEventListener('open', () => {
      this.everOpened = true
      this.failures = 0
      this.setState(State.CONNECTED)
      this.options.onOpen()
    })
    socket.addEventListener('message', (event) => this.receive(event.data))
    socket.addEventListener('close', () => {
      if (this.socket === socket) {
        this.socket = null
        this.closed()
      }
    })
  }

  receive (data) {
    let frame
    try {
      frame = JSON.parse(data)
    } catch (e) {
      return // not ours to show; the server only sends JSON
    }
    if (frame && typeof frame === 'object') {
      this.options.onFrame(frame)
    }
  }

  async closed () {
    if (this.stopped) {
      return
    }
    this.failures += 1
    this.setState(this.failures > ATTEMPTS_BEFORE_DISCONNECTED ? State.DISCONNECTED : State.RECONNECTING)
    // A refused handshake looks the same as a network failure to a page; ask the API whether it is about access.
    const refusal = await this.options.checkAccess()
    if (refusal) {
      this.stopped = true
      this.setState(State.DISCONNECTED, refusal)
      return
    }
    if (!this.stopped && !this.socket) {
      const delay = fullJitterDelay(this.failures - 1)
      this.timer = setTimeout(() => { this.timer = null; this.open() }, delay)
    }
  }

  setState (state, reason) {
    if (this.state === state && !reason) {
      return
    }
    this.state = state
    this.options.onState(state, reason)
  }
}
