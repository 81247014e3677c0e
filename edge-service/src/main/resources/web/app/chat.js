// Upgrades the server-rendered conversation to a live one: messages go over the WebSocket (the form still posts to
// the server when this script is not running), replies appear as they are written, and a message written while the
// connection is down waits in the outbox and is sent, once, when it is back.
import { LiveConnection, State } from './live-connection.js'
import { MessageList } from './message-list.js'
import { Outbox, newMessageId } from './outbox.js'
import { FormErrors } from './form-errors.js'
import { ConnectionStatus } from './connection-status.js'
import { Feedback } from './feedback.js'

export const MAX_CHARACTERS = 1000
const ENTER_MESSAGE = 'Enter a message'
const TOO_LONG = `Message must be ${MAX_CHARACTERS} characters or fewer`
const TOO_FAST = 'You have sent a lot of messages in a short time. Wait a few seconds, then send your message again'
const NOT_SENT = 'Your message could not be sent. Check it and try again'

export class Chat {
  constructor (root) {
    const byId = (id) => document.getElementById(id)
    this.sessionId = root.dataset.sessionId
    this.agentName = root.dataset.agent
    this.messages = new MessageList(byId('messages'), byId('no-messages'), this.agentName)
    this.outbox = new Outbox(byId('outbox'), this.agentName, 'chat-relay:outbox:' + this.sessionId)
    this.form = byId('message-form')
    this.field = byId('message')
    this.waiting = byId('waiting')
    this.waitingLabel = byId('waiting-text')
    this.agentLower = this.agentName.toLowerCase()
    this.stopButton = byId('stop-answer')
    this.banner = byId('agent-banner')
    this.lastSeq = this.messages.maxSeq()
    this.errors = new FormErrors({ summarySlot: byId('error-summary-slot'), group: byId('message-group'), field: this.field, messageSlot: byId('message-error-slot') })
    this.status = new ConnectionStatus({ region: byId('connection-status'), tag: byId('connection-state'), detail: byId('connection-detail'), retry: byId('connection-retry') })
    this.retryButton = byId('connection-retry')
    this.log = byId('message-log')
    byId('no-live').hidden = true
    byId('keys-hint').hidden = false
  }

  start () {
    // Only now a live region: times were rewritten into the reader's zone first, which must not be read out.
    this.log.setAttribute('role', 'log')
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.submit() })
    this.field.addEventListener('keydown', (event) => this.keydown(event))
    this.retryButton.addEventListener('click', () => this.connection.reconnectNow())
    this.stopButton.addEventListener('click', () => this.stop())
    this.feedback = new Feedback(this.messages.list, (frame) => this.connection.send(frame))
    this.connection = new LiveConnection({
      url: (lastSeq) => this.socketUrl(lastSeq),
      lastSeq: () => this.lastSeq,
      onFrame: (frame) => this.receive(frame),
      onOpen: () => this.flushOutbox(),
      onState: (state, reason) => this.connectionChanged(state, reason),
      checkAccess: () => this.checkAccess()
    })
    this.connection.start()
    this.feedback.offerAll()
    this.updateWaiting()
    if (!document.querySelector('.govuk-error-summary') && !window.location.hash) this.scrollToLatest()
  }

  socketUrl (lastSeq) {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
    const base = `${scheme}//${window.location.host}/api/v1/sessions/${encodeURIComponent(this.sessionId)}/ws`
    // -1 (nothing shown yet) asks for the whole history, so nothing written before the socket opened is missed.
    return `${base}?lastSeq=${lastSeq}`
  }

  keydown (event) {
    // Enter sends, Shift+Enter is a new line; an input method composing text keeps its Enter.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault()
      this.form.requestSubmit()
    }
  }

  submit () {
    const content = this.field.value.replace(/\r\n/g, '\n').trim()
    const length = Array.from(content).length
    if (length === 0 || length > MAX_CHARACTERS) {
      this.errors.show(length === 0 ? ENTER_MESSAGE : TOO_LONG)
      return
    }
    this.errors.clear()
    const entry = this.outbox.add(content)
    this.field.value = ''
    this.field.dispatchEvent(new Event('input', { bubbles: true }))
    this.transmit(entry)
    this.updateWaiting()
    this.scrollToLatest()
  }

  transmit (entry) {
    const sent = this.connection.send({ id: entry.id, type: 'message', content: entry.content, metadata: {} })
    this.outbox.mark(entry, sent)
  }

  flushOutbox () {
    // Same ids as before: a message that reached the server before the connection dropped is acknowledged again,
    // not stored again.
    for (const entry of this.outbox.all()) this.transmit(entry)
  }

  receive (frame) {
    // Resume from the stream's own position only: an ack can run ahead of events still on their way to this page.
    if (typeof frame.seq === 'number' && frame.seq > this.lastSeq && frame.type !== 'ack') {
      this.lastSeq = frame.seq
    }
    if (frame.type === 'ack') this.acknowledged(frame)
    else if (frame.type === 'delta') this.delta(frame)
    else if (frame.type === 'status') this.agentStatus(frame)
    else if (frame.type === 'error' && typeof frame.seq !== 'number') this.refused(frame)
    else if (['message', 'response', 'error'].includes(frame.type)) this.show(frame)
  }

  acknowledged (frame) {
    if (this.feedback.acknowledged(frame.id)) return
    const entry = this.outbox.remove(frame.id)
    if (entry && !this.messages.has(frame.seq)) {
      // The log holds it at this seq; show it there now rather than wait for its echo (which is then skipped).
      this.show({ seq: frame.seq, role: 'user', content: entry.content, timestamp: entry.timestamp })
    }
    this.updateWaiting()
  }

  show (message) {
    const shouldFollow = this.formInView()
    const item = this.messages.add(message)
    if (item) {
      if (message.role !== 'user') this.banner.hidden = true
      this.feedback.offer(item)
      this.updateWaiting()
      if (shouldFollow) this.scrollToLatest()
    }
  }

  /** More text of an answer being written: appended as text; screen readers hear the answer once, when whole. */
  delta (frame) {
    const shouldFollow = this.formInView()
    if (this.messages.appendDelta(frame)) {
      this.banner.hidden = true
      this.updateWaiting()
      if (shouldFollow) this.scrollToLatest()
    }
  }

  /** Asks to stop the answer being written, or the one being waited for. */
  stop () {
    const question = this.pendingQuestion()
    if (!question) return
    if (this.connection.send({ id: newMessageId(), type: 'cancel', inReplyTo: question })) {
      this.stopButton.disabled = true
    }
  }

  /** The id of the message whose answer is being written or awaited, when the page knows it. */
  pendingQuestion () {
    const streaming = this.messages.list.querySelector('li[data-status="streaming"]')
    if (streaming) return streaming.dataset.inReplyTo || null
    const last = this.messages.list.lastElementChild
    return last && last.dataset.role === 'user' && last.dataset.id ? last.dataset.id : null
  }

  refused (frame) {
    if (frame.id && this.feedback.refused(frame.id)) return
    const entry = frame.id ? this.outbox.remove(frame.id) : null
    if (entry && this.field.value.trim() === '') {
      this.field.value = entry.content
      this.field.dispatchEvent(new Event('input', { bubbles: true }))
    }
    this.errors.show(/rate/i.test(frame.code || '') ? TOO_FAST : NOT_SENT)
    this.updateWaiting()
  }

  agentStatus (frame) {
    const status = frame.metadata && frame.metadata.status
    if (status === 'unavailable') {
      this.banner.hidden = false
    } else if (status === 'available') {
      this.banner.hidden = true
    }
    this.updateWaiting()
  }

  connectionChanged (state, reason) {
    this.status.show(state, reason)
    if (state !== State.CONNECTED) {
      for (const entry of this.outbox.all()) this.outbox.mark(entry, false)
    }
  }

  /**
   * The agent's state, in the status region: thinking while the newest word is the person's, streaming while an
   * answer is being written, idle otherwise; unavailable while the agent cannot be reached.
   */
  updateWaiting () {
    const streaming = this.messages.anyStreaming()
    const thinking = !streaming && (this.messages.lastRole() === 'user' || this.outbox.all().length > 0)
    const unavailable = !this.banner.hidden
    const state = unavailable ? 'unavailable' : streaming ? 'streaming' : thinking ? 'thinking' : 'idle'
    const text = {
      unavailable: `The ${this.agentLower} is not available at the moment. Your messages are kept.`,
      streaming: `The ${this.agentLower} is writing an answer`,
      thinking: `Waiting for a reply from the ${this.agentLower}`,
      idle: ''
    }[state]
    if (this.waitingLabel.textContent !== text) this.waitingLabel.textContent = text
    this.waiting.dataset.agentState = state
    this.waiting.hidden = state === 'idle'
    this.waiting.classList.toggle('app-waiting--unavailable', unavailable)
    // While text streams the log is busy: a screen reader announces the answer once, when it is whole.
    this.log.setAttribute('aria-busy', streaming ? 'true' : 'false')
    const stoppable = (streaming || thinking) && !!this.pendingQuestion()
    this.stopButton.hidden = !stoppable
    if (!stoppable) this.stopButton.disabled = false
  }

  async checkAccess () {
    try {
      const response = await fetch(`/api/v1/sessions/${encodeURIComponent(this.sessionId)}`, { credentials: 'same-origin', cache: 'no-store' })
      if (response.status === 401) return 'signed-out'
      if (response.status === 404) return 'gone'
    } catch (e) {
      // The edge is not reachable at all: keep trying.
    }
    return null
  }

  formInView () {
    const box = this.form.getBoundingClientRect()
    return box.top < window.innerHeight
  }

  scrollToLatest () {
    this.form.scrollIntoView({ block: 'end' })
  }
}
