/** Facts about the operating system that stores, locks and caches share (a leaf: imports nothing of the project). */
export { isProcessAlive } from './process-alive.js';
