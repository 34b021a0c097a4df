// @ts-check
/**
 * The digest process's entry, as src/start.cjs is the bot's: the app's own thread-pool default (thread-pool.cjs in
 * its dist/) applied before any module is read, then digest-child.mjs. Same arguments as digest-child.mjs.
 */
const path = require('node:path');

const app = process.argv[2];
if (app === undefined) throw new Error('usage: digest-child.cjs <app directory> <data directory>');
require(path.join(app, 'dist', 'src', 'thread-pool.cjs')).applyThreadPoolDefault(process.env);
import('./digest-child.mjs');
