import { initAll } from '../build/govuk-frontend.min.js'

initAll()

// Tables scroll sideways inside their own box when they are wider than the page (a phone
// at 375 px). A box that scrolls must be reachable by keyboard and named, or keyboard
// users cannot scroll it (WCAG 2.1.1; axe's scrollable-region-focusable): while a table
// overflows, its box is a focusable region named by the table's caption. Without
// JavaScript the table scrolls by itself (application.scss), or sits in a box the server
// made ({% table_box %}, a chart's figures): focusable and named whether it scrolls or
// not, since only the browser knows. Here a {% table_box %} box, like the others, is a
// focusable region only while it scrolls. A chart's box is left as the server made it: in
// a half-width column it may start to overflow after this script's last look, and would
// then be a scroll region no keyboard can reach.
function nameOf (table) {
  const caption = table.querySelector('caption')
  if (caption && caption.textContent.trim()) {
    if (!caption.id) {
      caption.id = `app-table-caption-${Math.random().toString(36).slice(2, 10)}`
    }
    return { labelledBy: caption.id }
  }
  let previous = table.parentElement
  while (previous) {
    const heading = previous.previousElementSibling
    if (heading && /^H[1-6]$/.test(heading.tagName)) {
      return { label: heading.textContent.trim() }
    }
    previous = heading || null
  }
  return { label: 'Table' }
}

function markIfScrolling (box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1
  if (scrolls && !box.hasAttribute('tabindex')) {
    const name = nameOf(box.querySelector('table'))
    box.setAttribute('tabindex', '0')
    box.setAttribute('role', 'region')
    if (name.labelledBy) {
      box.setAttribute('aria-labelledby', name.labelledBy)
    } else {
      box.setAttribute('aria-label', name.label)
    }
  } else if (!scrolls && box.hasAttribute('tabindex')) {
    for (const attribute of ['tabindex', 'role', 'aria-labelledby', 'aria-label']) {
      box.removeAttribute(attribute)
    }
  }
}

const boxes = []
for (const table of document.querySelectorAll('.govuk-main-wrapper table.govuk-table')) {
  let box = table.parentElement
  if (box.classList.contains('app-table-scroll')) {
    // A chart's figures keep the box as the server made it (see above).
    if (box.closest('figure')) continue
  } else {
    box = document.createElement('div')
    box.className = 'app-table-scroll'
    table.parentNode.insertBefore(box, table)
    box.appendChild(table)
  }
  boxes.push(box)
  markIfScrolling(box)
}
if (boxes.length && 'ResizeObserver' in window) {
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => markIfScrolling(entry.target)))
  boxes.forEach((box) => observer.observe(box))
}
