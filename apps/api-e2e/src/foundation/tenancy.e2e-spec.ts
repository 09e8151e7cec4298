import { startTestApp, tenantHeaders, type TestApp, type TestTenant } from '../support/test-app';

describe('tenancy: auth guard, tokens, admin API', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.createTenant('Acme');
    b = await t.createTenant('Globex');
  });
  afterAll(() => t.close());

  it('answers 200 with the caller scope when token, tenant and org match', async () => {
    const res = await t.http.get('/api/v1/me').set(a.headers).expect(200);
    expect(res.body).toEqual({ tenantId: a.tenantId, orgId: a.orgId, tokenId: expect.any(String) });
  });

  it('401 without a token', async () => {
    const res = await t.http.get('/api/v1/me').set({ 'X-Tenant-ID': a.tenantId, 'X-Org-ID': a.orgId }).expect(401);
    expect(res.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
  });

  it('401 with an unknown token', async () => {
    const res = await t.http.get('/api/v1/me').set(tenantHeaders({ ...a, token: 'sbt_nope' })).expect(401);
    expect(res.body.error).toBe('unauthorized');
  });

  it('403 when X-Tenant-ID or X-Org-ID does not match the token', async () => {
    await t.http.get('/api/v1/me').set({ ...a.headers, 'X-Tenant-ID': b.tenantId }).expect(403);
    const res = await t.http.get('/api/v1/me').set({ ...a.headers, 'X-Org-ID': b.orgId }).expect(403);
    expect(res.body.error).toBe('forbidden');
  });

  it('400 for a header that is not a UUID, and for a missing one', async () => {
    const res = await t.http.get('/api/v1/me').set({ ...a.headers, 'X-Tenant-ID': 'acme' }).expect(400);
    expect(res.body).toEqual({ error: 'invalid_header', message: 'X-Tenant-ID must be a UUID' });
    const res2 = await t.http.get('/api/v1/me').set({ Authorization: a.headers.Authorization, 'X-Tenant-ID': a.tenantId }).expect(400);
    expect(res2.body.error).toBe('missing_header');
  });

  it("lists the org's tokens without secrets or hashes; tenant B never sees A's", async () => {
    const issued = await t.http
      .post(`/admin/tenants/${a.tenantId}/orgs/${a.orgId}/tokens`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ label: 'ci' })
      .expect(201);
    expect(issued.body.token).toMatch(/^sbt_/);

    const listA = await t.http.get('/api/v1/tokens').set(a.headers).expect(200);
    expect(listA.body.tokens).toHaveLength(2);
    expect(listA.body.tokens.map((x: { label: string }) => x.label).sort()).toEqual(['ci', 'default']);
    const text = JSON.stringify(listA.body);
    expect(text).not.toContain(a.token);
    expect(text).not.toContain(issued.body.token);
    expect(text).not.toMatch(/hash/i);

    const listB = await t.http.get('/api/v1/tokens').set(b.headers).expect(200);
    expect(listB.body.tokens).toHaveLength(1);
    const idsA = listA.body.tokens.map((x: { id: string }) => x.id);
    expect(listB.body.tokens.map((x: { id: string }) => x.id)).not.toEqual(expect.arrayContaining([idsA[0]]));

    // B's token with A's headers is refused.
    await t.http.get('/api/v1/tokens').set({ ...b.headers, 'X-Tenant-ID': a.tenantId, 'X-Org-ID': a.orgId }).expect(403);
  });

  it('a revoked token gets 401; revoking twice is fine, an unknown token id is 404', async () => {
    const issued = await t.http
      .post(`/admin/tenants/${a.tenantId}/orgs/${a.orgId}/tokens`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ label: 'temp' })
      .expect(201);
    const headers = tenantHeaders({ ...a, token: issued.body.token });
    await t.http.get('/api/v1/me').set(headers).expect(200);
    const path = `/admin/tenants/${a.tenantId}/orgs/${a.orgId}/tokens/${issued.body.tokenId}`;
    await t.http.delete(path).set('Authorization', `Bearer ${t.adminToken}`).expect(204);
    await t.http.delete(path).set('Authorization', `Bearer ${t.adminToken}`).expect(204);
    await t.http.get('/api/v1/me').set(headers).expect(401);
    const missing = await t.http
      .delete(`/admin/tenants/${a.tenantId}/orgs/${a.orgId}/tokens/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .expect(404);
    expect(missing.body.error).toBe('token_not_found');
  });

  it('admin API: needs the admin token, validates bodies, adds orgs', async () => {
    await t.http.post('/admin/tenants').send({ name: 'x' }).expect(401);
    await t.http.post('/admin/tenants').set('Authorization', `Bearer ${a.token}`).send({ name: 'x' }).expect(401);
    const bad = await t.http.post('/admin/tenants').set('Authorization', `Bearer ${t.adminToken}`).send({ name: '', extra: 1 }).expect(400);
    expect(bad.body.error).toBe('validation_failed');
    expect(bad.body.message).toContain('name');
    expect(bad.body.message).toContain('extra');

    const org = await t.http.post(`/admin/tenants/${a.tenantId}/orgs`).set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'EU' }).expect(201);
    const tok = await t.http
      .post(`/admin/tenants/${a.tenantId}/orgs/${org.body.orgId}/tokens`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({})
      .expect(201);
    const me = await t.http.get('/api/v1/me').set(tenantHeaders({ tenantId: a.tenantId, orgId: org.body.orgId, token: tok.body.token })).expect(200);
    expect(me.body.orgId).toBe(org.body.orgId);
    // The new org's token does not open the first org.
    await t.http.get('/api/v1/me').set(tenantHeaders({ tenantId: a.tenantId, orgId: a.orgId, token: tok.body.token })).expect(403);

    await t.http.post(`/admin/tenants/00000000-0000-4000-8000-000000000000/orgs`).set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'x' }).expect(404);
    await t.http.post(`/admin/tenants/not-a-uuid/orgs`).set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'x' }).expect(400);
  });

  it('answers unknown routes and malformed JSON in the error shape', async () => {
    const nf = await t.http.get('/api/v1/nope').set(a.headers).expect(404);
    expect(nf.body).toEqual({ error: 'not_found', message: expect.any(String) });
    const bad = await t.http
      .post('/admin/tenants')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(bad.body.error).toBe('invalid_json');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js/);
  });
});
