// GOV.UK error pattern for the message box: an error summary at the top of the page linking to the box, and the
// same message next to it. Built with text nodes only.
import { ErrorSummary } from '../govuk/govuk-frontend.min.js'

const TITLE_PREFIX = 'Error: '

export class FormErrors {
  constructor ({ summarySlot, group, field, messageSlot }) {
    this.summarySlot = summarySlot
    this.group = group
    this.field = field
    this.messageSlot = messageSlot
  }

  show (text) {
    this.clear()
    this.summarySlot.append(this.summary(text))
    const inline = document.createElement('p')
    inline.id = this.field.id + '-error'
    inline.className = 'govuk-error-message'
    const hidden = document.createElement('span')
    hidden.className = 'govuk-visually-hidden'
    hidden.textContent = 'Error:'
    inline.append(hidden, ' ' + text)
    this.messageSlot.append(inline)
    this.group.classList.add('govuk-form-group--error')
    this.field.classList.add('govuk-textarea--error')
    this.describe(true)
    if (!document.title.startsWith(TITLE_PREFIX)) document.title = TITLE_PREFIX + document.title
    // The component moves focus to the summary, as the Design System asks, so the error is read out.
    new ErrorSummary(this.summarySlot.firstElementChild) // eslint-disable-line no-new
  }

  clear () {
    this.summarySlot.replaceChildren()
    this.messageSlot.replaceChildren()
    this.group.classList.remove('govuk-form-group--error')
    this.field.classList.remove('govuk-textarea--error')
    this.describe(false)
    if (document.title.startsWith(TITLE_PREFIX)) document.title = document.title.slice(TITLE_PREFIX.length)
  }

  describe (withError) {
    const errorId = this.field.id + '-error'
    const ids = (this.field.getAttribute('aria-describedby') || '').split(/\s+/).filter((id) => id && id !== errorId)
    if (withError) ids.push(errorId)
    this.field.setAttribute('aria-describedby', ids.join(' '))
  }

  summary (text) {
    const root = document.createElement('div')
    root.className = 'govuk-error-summary'
    root.dataset.module = 'govuk-error-summary'
    const alert = document.createElement('div')
    alert.setAttribute('role', 'alert')
    const title = document.createElement('h2')
    title.className = 'govuk-error-summary__title'
    title.textContent = 'There is a problem'
    const body = document.createElement('div')
    body.className = 'govuk-error-summary__body'
    const list = document.createElement('ul')
    list.className = 'govuk-list govuk-error-summary__list'
    const item = document.createElement('li')
    const link = document.createElement('a')
    link.href = '#' + this.field.id
    link.textContent = text
    item.append(link)
    list.append(item)
    body.append(list)
    alert.append(title, body)
    root.append(alert)
    return root
  }
}
