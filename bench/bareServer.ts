// The ceiling: a bare node:http server answering every POST with one fixed JSON body, after reading
// the request body, as any server must. No keypool server in one process can answer faster.
import { createServer } from 'node:http';

const body = JSON.stringify({ Username: 'bench-user', UserAttributes: [{ Name: 'sub', Value: '00000000-0000-4000-8000-000000000000' }] });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
