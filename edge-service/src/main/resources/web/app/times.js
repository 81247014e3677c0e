// The server writes times in UTC because it does not know the reader's time zone; the browser does.

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const dateAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' })

/** How a moment reads for this person: the time alone today, otherwise with the date. */
export function formatLocal (date, now = new Date()) {
  const sameDay = date.toDateString() === now.toDateString()
  return sameDay ? timeOnly.format(date) : dateAndTime.format(date)
}

/** Rewrites every <time datetime> under root into the reader's zone. */
export function localiseTimes (root) {
  for (const element of root.querySelectorAll('time[datetime]')) {
    const date = new Date(element.getAttribute('datetime'))
    if (!Number.isNaN(date.getTime())) {
      element.textContent = formatLocal(date)
    }
  }
}
