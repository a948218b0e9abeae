// Passkeys (docs/adr/0028): the page holds the server's WebAuthn options as JSON; a button asks the browser's
// authenticator and posts its answer, as JSON, in an ordinary form with the CSRF token. Pages without this
// script (or browsers without passkeys) keep every other way to sign in.

function supported() {
  return typeof window.PublicKeyCredential !== "undefined"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
}

export function setUpPasskeyForm({ form, button, optionsElement, mode, unsupported }) {
  if (!form || !button || !optionsElement) return;
  if (!supported()) {
    button.hidden = true;
    if (unsupported) unsupported.hidden = false;
    return;
  }
  button.hidden = false;
  button.addEventListener("click", async (event) => {
    event.preventDefault();
    const options = JSON.parse(optionsElement.textContent);
    try {
      const credential = mode === "create"
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
      form.querySelector("input[name=credential]").value = JSON.stringify(credential.toJSON());
    } catch (error) {
      // Cancelled, timed out or refused: say so through the server, which shows the error summary.
      form.querySelector("input[name=credential]").value = "{}";
    }
    form.submit();
  });
}
