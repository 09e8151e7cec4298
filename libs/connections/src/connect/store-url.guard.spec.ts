import { assertSafeStoreUrl, isPrivateOrReserved } from './store-url.guard';

const publicDns = async () => ['23.227.38.65'];
const privateDns = async () => ['10.0.0.5'];

describe('assertSafeStoreUrl', () => {
  it('production: https to public addresses only', async () => {
    await expect(assertSafeStoreUrl('https://acme.example.com', true, publicDns)).resolves.toBeInstanceOf(URL);
    for (const bad of ['http://acme.example.com', 'https://127.0.0.1:4001', 'https://[::1]/', 'https://169.254.169.254/', 'https://192.168.1.2', 'https://localhost']) {
      await expect(assertSafeStoreUrl(bad, true, publicDns)).rejects.toMatchObject({ status: 400, code: 'store_not_allowed' });
    }
    await expect(assertSafeStoreUrl('https://internal.example.com', true, privateDns)).rejects.toMatchObject({ code: 'store_not_allowed' });
    await expect(assertSafeStoreUrl('https://user:pw@acme.example.com', true, publicDns)).rejects.toMatchObject({ code: 'invalid_store' });
  });

  it('outside production: loopback sandboxes pass, metadata and odd schemes do not', async () => {
    await expect(assertSafeStoreUrl('http://127.0.0.1:4001', false)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeStoreUrl('http://169.254.169.254/latest', false)).rejects.toMatchObject({ code: 'store_not_allowed' });
    await expect(assertSafeStoreUrl('file:///etc/passwd', false)).rejects.toMatchObject({ code: 'invalid_store' });
  });

  it('classifies ranges', () => {
    expect(['10.1.2.3', '172.16.0.1', '100.64.0.1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0'].every(isPrivateOrReserved)).toBe(true);
    expect(['8.8.8.8', '172.32.0.1', '2606:4700::1111'].some(isPrivateOrReserved)).toBe(false);
  });
});
