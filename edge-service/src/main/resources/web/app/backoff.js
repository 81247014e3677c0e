// Reconnection delays: exponential backoff with "full jitter" (a random delay between zero and the exponential
// bound), so browsers that lost their connection at the same moment do not all come back at the same moment.

export const BASE_DELAY_MS = 500
export const MAX_DELAY_MS = 15000

/**
 * @param {number} attempt how many attempts failed before this one (0 for the first retry)
 * @param {() => number} random a number in [0, 1), Math.random by default
 * @returns {number} milliseconds to wait
 */
export function fullJitterDelay (attempt, random = Math.random, base = BASE_DELAY_MS, cap = MAX_DELAY_MS) {
  const bound = Math.min(cap, base * Math.pow(2, Math.min(attempt, 30)))
  return Math.floor(random() * bound)
}
