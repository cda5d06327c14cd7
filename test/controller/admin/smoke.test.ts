import { adminClient, unary } from './client';
import { adminHarness } from './harness';

it('smoke', async () => {
  const h = await adminHarness('sqlite');
  try {
    const c = adminClient(h.address);
    const r = await unary(c, 'ListServices', {}, h.adminToken);
    console.log(JSON.stringify(r));
    c.close();
  } finally {
    await h.close();
  }
});
