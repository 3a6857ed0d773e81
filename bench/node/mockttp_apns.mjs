// A mockttp HTTP/2 server standing in for APNs in bench/apns_ratio.py: answers every
// POST /3/device/<token> with 200 and an apns-id, as the fake does for a valid push. TLS with
// a CA mockttp generates (h2load does not verify certificates). Prints {"port": N} once
// listening and serves until stdin closes.
import * as mockttp from 'mockttp';

const https = await mockttp.generateCACertificate();
const server = mockttp.getLocal({ https, http2: true });
await server.start();  // mockttp picks a free port (it has no port-0 form)
await server.forPost(/\/3\/device\/[0-9a-fA-F]+$/).thenReply(200, '', {
  'apns-id': '1d2c3b4a-5f6e-4d8c-9b0a-112233445566',
});
console.log(JSON.stringify({ port: server.port }));
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.stop();
  process.exit(0);
});
