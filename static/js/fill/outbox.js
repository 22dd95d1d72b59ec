// The outbox as a module (outbox-core.js is a classic script the service worker shares).
import "../pwa/outbox-core.js";

export const outbox = self.SafeMapOutbox;
