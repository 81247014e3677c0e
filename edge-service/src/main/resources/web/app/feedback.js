// Thumbs up or down, with an optional comment, on each finished answer. A rating goes over the WebSocket as a
// feedback frame; its ack turns the form into a thank-you. Only what the person typed is sent, as text.
import { newMessageId } from './outbox.js'

const RATED = 'Thank you for your feedback.'
const NOT_SENT = 'Your feedback could not be sent. Try again when the connection is back.'

export class Feedback {
  /**
   * @param list the conversation's message list
   * @param send sends a frame now; false when there is no open connection
   */
  constructor (list, send) {
    this.list = list
    this.send = send
    this.pending = new Map()
  }

  /** Offers a rating on every finished answer already shown. */
  offerAll () {
    for (const item of this.list.querySelectorAll('li[data-role="assistant"]')) this.offer(item)
  }

  /** Offers a rating on one answer, if it is finished and not offered yet. */
  offer (item) {
    const inReplyTo = item.dataset.inReplyTo
    if (item.dataset.role !== 'assistant' || !inReplyTo || item.dataset.status === 'streaming' ||
        item.querySelector('.app-feedback')) {
      return
    }
    item.append(this.form(inReplyTo))
  }

  form (inReplyTo) {
    const form = document.createElement('form')
    form.className = 'app-feedback'
    form.noValidate = true
    const fieldset = document.createElement('fieldset')
    fieldset.className = 'govuk-fieldset'
    const legend = document.createElement('legend')
    legend.className = 'govuk-fieldset__legend govuk-body-s app-feedback__legend'
    legend.textContent = 'Was this answer useful?'
    const details = document.createElement('details')
    details.className = 'govuk-details app-feedback__comment'
    const summary = document.createElement('summary')
    summary.className = 'govuk-details__summary'
    const summaryText = document.createElement('span')
    summaryText.className = 'govuk-details__summary-text'
    summaryText.textContent = 'Add a comment (optional)'
    summary.append(summaryText)
    const box = document.createElement('div')
    box.className = 'govuk-details__text'
    const label = document.createElement('label')
    label.className = 'govuk-label govuk-label--s'
    label.htmlFor = 'feedback-' + inReplyTo
    label.textContent = 'Comment'
    const comment = document.createElement('textarea')
    comment.className = 'govuk-textarea app-feedback__text'
    comment.id = 'feedback-' + inReplyTo
    comment.name = 'comment'
    comment.rows = 2
    comment.maxLength = 1000
    box.append(label, comment)
    details.append(summary, box)
    const buttons = document.createElement('div')
    buttons.className = 'govuk-button-group app-feedback__buttons'
    buttons.append(this.button('up', 'Yes'), this.button('down', 'No'))
    const error = document.createElement('p')
    error.className = 'govuk-error-message app-feedback__error'
    error.hidden = true
    fieldset.append(legend, details, buttons, error)
    form.append(fieldset)
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const rating = event.submitter && event.submitter.value
      if (rating) this.rate(form, inReplyTo, rating, comment.value.trim())
    })
    return form
  }

  button (rating, text) {
    const button = document.createElement('button')
    button.type = 'submit'
    button.value = rating
    button.className = 'govuk-button govuk-button--secondary app-feedback__' + rating
    button.textContent = text
    return button
  }

  rate (form, inReplyTo, rating, comment) {
    const id = newMessageId()
    const frame = { id, type: 'feedback', inReplyTo, rating }
    if (comment) frame.comment = comment
    const error = form.querySelector('.app-feedback__error')
    if (this.send(frame)) {
      this.pending.set(id, form)
      error.hidden = true
    } else {
      error.textContent = NOT_SENT
      error.hidden = false
    }
  }

  /** True when `id` was a rating: its form becomes a thank-you. */
  acknowledged (id) {
    const form = this.pending.get(id)
    if (!form) return false
    this.pending.delete(id)
    const thanks = document.createElement('p')
    thanks.className = 'govuk-body-s app-feedback__thanks'
    thanks.setAttribute('role', 'status')
    thanks.textContent = RATED
    form.replaceWith(thanks)
    return true
  }

  /** True when `id` was a rating the server refused: the form says so and stays. */
  refused (id) {
    const form = this.pending.get(id)
    if (!form) return false
    this.pending.delete(id)
    const error = form.querySelector('.app-feedback__error')
    error.textContent = NOT_SENT
    error.hidden = false
    return true
  }
}
