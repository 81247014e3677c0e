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

/** A message element; `extra` lets the outbox reuse the markup for messages not sent yet. */
export function messageElement ({ role, content, timestamp }, agentName) {
  const item = document.createElement('li')
  item.className = 'app-message app-message--' + roleClass(role)
  item.dataset.role = roleClass(role)
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
  return item
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

  /** Adds a history message unless it is already shown; returns its element, or null for a duplicate. */
  add (message) {
    const seq = Number(message.seq)
    if (!Number.isFinite(seq) || this.has(seq, message.id)) {
      return null
    }
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
