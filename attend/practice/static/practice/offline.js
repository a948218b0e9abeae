// Installs the service worker that keeps Practice working offline.

/**
 * Register the service worker at `url` for the whole site (scope "/"; the worker is served from the
 * site root so it may have that scope). Does nothing where service workers are unsupported, and
 * never throws: offline support is a bonus, so a failure only reaches the console.
 * Resolves to the registration, or undefined.
 */
export function registerServiceWorker(url) {
  if (!url || typeof navigator === "undefined" || !("serviceWorker" in navigator)) {
    return Promise.resolve(undefined);
  }
  try {
    return navigator.serviceWorker.register(url, { scope: "/" }).catch((error) => {
      console.warn("Attend could not set up offline practice", error);
      return undefined;
    });
  } catch (error) {
    // Some browsers throw synchronously (for example in a private window that forbids workers).
    console.warn("Attend could not set up offline practice", error);
    return Promise.resolve(undefined);
  }
}
