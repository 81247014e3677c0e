// The conversation's messages, in seq order, each shown once. Builds the same markup as the server's history and
// only ever puts what people and agents wrote in as text (textContent), never as markup.
import { formatLocal } from './times.js'

/** Who said it, as the reader sees it; the server's page uses the same words. */
export function authorOf (role, agentName) {
  if (role === 'user') return 'You'
  if (role === 'assistant') return agentName
  return 'Service message'
}

function roleClass (role) {
  return role === 'user' || role === 'assistant' ? role : 'system'
}

/** The status of an answer still being written, as the history and the server's page mark it. */
export const STREAMING = 'streaming'

/** What the reader is told about an answer that is not simply delivered; the server's page uses the same words. */
const NOTES = {
  streaming: 'This answer is still being written.',
  cancelled: 'You stopped this answer.',
  interrupted: 'This answer was interrupted before it was finished.'
}

/** A message element; the outbox reuses the markup for messages not sent yet. */
export function messageElement ({ role, content, timestamp, status, metadata }, agentName) {
  const item = document.createElement('li')
  item.className = 'app-message app-message--' + roleClass(role)
  item.dataset.role = roleClass(role)
  item.dataset.status = status || ''
  const inReplyTo = role !== 'user' && metadata && metadata.inReplyTo
  item.dataset.inReplyTo = inReplyTo ? String(inReplyTo) : ''
  if (status === STREAMING) item.setAttribute('aria-busy', 'true')
  const meta = document.createElement('p')
  meta.className = 'govuk-body-s app-message__meta'
  const author = document.createElement('span')
  author.className = 'app-message__author'
  author.textContent = authorOf(role, agentName)
  meta.append(author, ' ')
  const date = new Date(timestamp || Date.now())
  const time = document.createElement('time')
  time.className = 'app-message__time'
  time.dateTime = date.toISOString()
  time.textContent = formatLocal(date)
  meta.append(time)
  const text = document.createElement('p')
  text.className = 'govuk-body app-message__text'
  text.textContent = content == null ? '' : String(content)
  item.append(meta, text)
  setNote(item, status)
  return item
}

function setNote (item, status) {
  let note = item.querySelector('.app-message__note')
  if (!NOTES[status]) {
    if (note) note.remove()
    return
  }
  if (!note) {
    note = document.createElement('p')
    note.className = 'govuk-body-s app-message__note'
    item.append(note)
  }
  note.textContent = NOTES[status]
}

export class MessageList {
  constructor (list, emptyNote, agentName) {
    this.list = list
    this.emptyNote = emptyNote
    this.agentName = agentName
    this.seqs = new Set()
    this.ids = new Set()
    for (const item of list.querySelectorAll('li[data-seq]')) {
      this.seqs.add(Number(item.dataset.seq))
      if (item.dataset.id) this.ids.add(item.dataset.id)
    }
  }

  has (seq, id) {
    return this.seqs.has(seq) || (!!id && this.ids.has(id))
  }

  /** The highest seq shown, -1 when there is none. */
  maxSeq () {
    let max = -1
    for (const seq of this.seqs) max = Math.max(max, seq)
    return max
  }

  /** The role of the newest message, or null. */
  lastRole () {
    const last = this.list.lastElementChild
    return last ? last.dataset.role : null
  }

  /** The answer to `inReplyTo` still being written, or null. */
  streaming (inReplyTo) {
    for (const item of this.list.querySelectorAll('li[data-status="' + STREAMING + '"]')) {
      if (item.dataset.inReplyTo === String(inReplyTo)) return item
    }
    return null
  }

  /** Whether an answer is being written. */
  anyStreaming () {
    return !!this.list.querySelector('li[data-status="' + STREAMING + '"]')
  }

  /** Whether the message `inReplyTo` has its answer (or error) shown. */
  answered (inReplyTo) {
    for (const item of this.list.querySelectorAll('li[data-in-reply-to]')) {
      if (item.dataset.inReplyTo === String(inReplyTo) && item.dataset.status !== STREAMING) return true
    }
    return false
  }

  /**
   * More text of the answer to `inReplyTo`: appended, as text, to the answer being written (started here when this
   * is its first text). Returns its element, or null when the answer is already shown whole.
   */
  appendDelta ({ inReplyTo, seq, content }) {
    const at = Number(seq)
    if (!Number.isFinite(at) || this.answered(inReplyTo)) return null
    let item = this.streaming(inReplyTo)
    if (!item) {
      item = messageElement({ role: 'assistant', content: '', status: STREAMING, metadata: { inReplyTo } }, this.agentName)
      item.id = 'message-' + at
      this.insertInOrder(item, at)
      this.emptyNote.hidden = true
    }
    item.querySelector('.app-message__text').textContent += content == null ? '' : String(content)
    item.dataset.seq = String(at)
    this.seqs.add(at)
    return item
  }

  /** Adds a history message unless it is already shown; returns its element, or null for a duplicate. */
  add (message) {
    const seq = Number(message.seq)
    if (!Number.isFinite(seq)) return null
    if (this.has(seq, message.id)) {
      this.learnId(seq, message.id)
      return null
    }
    const inReplyTo = message.metadata && message.metadata.inReplyTo
    const partial = inReplyTo && message.status !== STREAMING ? this.streaming(inReplyTo) : null
    if (partial) partial.remove() // the whole answer takes the place of the text streamed so far
    const item = messageElement(message, this.agentName)
    item.id = 'message-' + seq
    item.dataset.seq = String(seq)
    if (message.id) item.dataset.id = String(message.id)
    this.insertInOrder(item, seq)
    this.seqs.add(seq)
    if (message.id) this.ids.add(String(message.id))
    this.emptyNote.hidden = true
    return item
  }

  /** A message shown at its ack has its id once its own frame arrives: the id names it in stop and feedback. */
  learnId (seq, id) {
    if (!id) return
    const item = this.list.querySelector('li[data-seq="' + seq + '"]')
    if (item && !item.dataset.id) {
      item.dataset.id = String(id)
      this.ids.add(String(id))
    }
  }

  insertInOrder (item, seq) {
    let after = this.list.lastElementChild
    while (after && Number(after.dataset.seq) > seq) {
      after = after.previousElementSibling
    }
    if (after) {
      after.after(item)
    } else {
      this.list.prepend(item)
    }
  }
}
