// The conversation page: the common page start-up, then live updates when the page shows the latest messages.
import { startPage } from './page.js'
import { Chat } from './chat.js'

startPage()
const root = document.getElementById('chat')
if (root && root.dataset.live === 'true') {
  new Chat(root).start()
}
