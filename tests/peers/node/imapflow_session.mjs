// An IMAP session driven by imapflow (a client nobody here wrote) against the server at
// argv: host port user password. Prints one JSON object with what the client saw, for
// tests/peers/test_imapflow.py to compare between real Dovecot and the fake.
import { ImapFlow } from 'imapflow';

const [host, port, user, pass] = process.argv.slice(2);
// Plain IMAP on both servers: the reference Dovecot runs with ssl=no, so no STARTTLS upgrade.
const options = { host, port: Number(port), secure: false, doSTARTTLS: false, auth: { user, pass }, logger: false };
const client = new ImapFlow({ ...options, disableAutoIdle: true });
const seen = {};
await client.connect();
seen.capabilities = [...client.capabilities.keys()].filter((c) => ['METADATA', 'IDLE', 'MOVE', 'UIDPLUS', 'CONDSTORE'].includes(c)).sort();
seen.list = (await client.list()).map((box) => ({ path: box.path, specialUse: box.specialUse || null })).sort((a, b) => a.path.localeCompare(b.path));
await client.append('INBOX', 'From: Sender <sender@example.net>\r\nTo: alice@example.org\r\nSubject: imapflow one\r\n\r\nfirst body\r\n', ['\\Flagged']);
await client.append('INBOX', 'From: Other <other@example.net>\r\nSubject: imapflow two\r\n\r\nsecond body\r\n');
let lock = await client.getMailboxLock('INBOX');
try {
  seen.exists = client.mailbox.exists;
  seen.fetched = [];
  for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true, size: true, bodyStructure: true })) {
    seen.fetched.push({ seq: message.seq, uid: message.uid, flags: [...message.flags].sort(), subject: message.envelope.subject,
                        from: message.envelope.from.map((a) => a.address), size: message.size, type: message.bodyStructure.type });
  }
  seen.storeAdd = await client.messageFlagsAdd({ uid: '1:*' }, ['$cl_1', '\\Seen'], { uid: true });
  seen.flagsAfter = [];
  for await (const message of client.fetch('1:*', { flags: true })) {
    seen.flagsAfter.push([...message.flags].sort());
  }
  seen.searchUnflagged = await client.search({ flagged: false }, { uid: true });
  const moved = await client.messageMove({ uid: String(seen.fetched[1].uid) }, 'Trash', { uid: true });
  seen.moved = moved ? { destination: moved.destination, uids: [...(moved.uidMap || new Map()).values()].length } : null;
  seen.existsAfterMove = client.mailbox.exists;
} finally {
  lock.release();
}
// IDLE: another connection appends; the idling one must learn of it.
lock = await client.getMailboxLock('INBOX');
try {
  const other = new ImapFlow(options);
  const woke = new Promise((resolve) => client.once('exists', (info) => resolve(info.count)));
  const idling = client.idle();
  await other.connect();
  await other.append('INBOX', 'Subject: wake up\r\n\r\nnew\r\n');
  await other.logout();
  seen.idleExists = await Promise.race([woke, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000))]);
  await client.noop();
  await idling.catch(() => {});
} finally {
  lock.release();
}
await client.logout();
console.log(JSON.stringify(seen));
