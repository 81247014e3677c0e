// Messages the person sent that the server has not confirmed yet. Each keeps the id it was given when written, so
// sending it again after a reconnect (or a reload: unsent messages are kept in sessionStorage) can never store it
// twice: the server acknowledges a known id again instead.
import { messageElement } from './message-list.js'

/** A random message id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newMessageId () {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID()
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export class Outbox {
  /** @param storageKey where unsent messages are kept for this conversation, so a reload does not lose them */
  constructor (list, agentName, storageKey) {
    this.list = list
    this.agentName = agentName
    this.storageKey = storageKey
    this.entries = new Map()
    for (const saved of this.load()) this.add(saved.content, saved)
  }

  /** Adds a message waiting to be sent and shows it; returns its entry. */
  add (content, saved = null) {
    const entry = { id: saved ? saved.id : newMessageId(), content, timestamp: saved ? saved.timestamp : new Date().toISOString(), element: null }
    entry.element = messageElement({ role: 'user', content, timestamp: entry.timestamp }, this.agentName)
    entry.element.classList.add('app-message--pending')
    const state = document.createElement('strong')
    state.className = 'govuk-tag govuk-tag--grey app-message__state'
    entry.element.querySelector('.app-message__meta').append(' ', state)
    this.list.append(entry.element)
    this.entries.set(entry.id, entry)
    this.save()
    return entry
  }

  /** Says whether the entry is on its way or waiting for the connection. */
  mark (entry, sending) {
    const state = entry.element.querySelector('.app-message__state')
    state.textContent = sending ? 'Sending' : 'Waiting to send'
  }

  get (id) {
    return this.entries.get(id)
  }

  remove (id) {
    const entry = this.entries.get(id)
    if (entry) {
      entry.element.remove()
      this.entries.delete(id)
      this.save()
    }
    return entry
  }

  /** Entries in the order they were written. */
  all () {
    return Array.from(this.entries.values())
  }

  isEmpty () {
    return this.entries.size === 0
  }

  load () {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.storageKey) || '[]')
      return Array.isArray(saved) ? saved.filter((e) => e && typeof e.id === 'string' && typeof e.content === 'string') : []
    } catch (e) {
      return [] // storage switched off or unreadable: the outbox simply lives as long as the page
    }
  }

  save () {
    try {
      const entries = this.all().map(({ id, content, timestamp }) => ({ id, content, timestamp }))
      if (entries.length) window.sessionStorage.setItem(this.storageKey, JSON.stringify(entries))
      else window.sessionStorage.removeItem(this.storageKey)
    } catch (e) {
      // As above: without storage the messages still go out while the page is open.
    }
  }
}
