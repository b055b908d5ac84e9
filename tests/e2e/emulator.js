'use strict';
/*
 * Start the Telegram Bot API emulator (telegram-test-api 4.2.1 + factbot's shim) on 127.0.0.1.
 * Usage: node emulator.js [PORT]   (0 or none: a free port). Prints "READY <port>" once listening.
 * Stops cleanly on SIGTERM or SIGINT.
 */
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');
const shim = require('./shim');

async function main() {
  shim.install(TelegramServer, routes);
  const server = new TelegramServer({ host: '127.0.0.1', port: 1, storeTimeout: 600 });
  server.config.port = Number(process.argv[2] || 0); // the emulator turns 0 into 9000; we want "any free"
  await server.start();
  const { port } = server.server.address();
  process.stdout.write(`READY ${port}\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`emulator failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
