export { StoreError } from './errors.ts';
export { DEFAULT_STORE_TIMEOUT_MS } from './keyv-store.ts';
export { createMemoryStore } from './memory.ts';
export { openStore, type OpenStoreOptions } from './open.ts';
export { STORE_NAMESPACES, type Namespace, type NamespaceName, type Store } from './types.ts';
export { DEFAULT_STORE_URL, parseStoreUrl, redactUrl, type StoreTarget } from './url.ts';
