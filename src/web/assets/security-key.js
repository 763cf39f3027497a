// Security keys (WebAuthn) on the second-factor pages. A key can only be used by a script: the
// page says so until this runs, and the authenticator app's code and the recovery codes work
// with plain forms. Each section [data-security-key="register" | "login"] holds a form with a
// hidden "response" field: on submit the ceremony's options are asked of the API
// (data-options, the session's cookie), the browser asks the key, and the key's answer, as
// WebAuthn JSON (base64url), is put in that field and the form is sent to the page's route,
// which sends it to the API and shows what it says.
(function () {
  var sections = document.querySelectorAll('[data-security-key]');
  if (!sections.length) return;
  var supported = !!(window.PublicKeyCredential && navigator.credentials && navigator.credentials.create && navigator.credentials.get && window.fetch);
  var transports = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

  function bytes(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(base64 + '===='.slice(0, (4 - (base64.length % 4)) % 4));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }
  function text(buffer) {
    var view = new Uint8Array(buffer), raw = '';
    for (var i = 0; i < view.length; i++) raw += String.fromCharCode(view[i]);
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function withId(descriptor) {
    var copy = { type: descriptor.type, id: bytes(descriptor.id) };
    if (descriptor.transports) copy.transports = descriptor.transports;
    return copy;
  }
  function creation(options) {
    var o = Object.assign({}, options);
    o.challenge = bytes(options.challenge);
    o.user = Object.assign({}, options.user, { id: bytes(options.user.id) });
    if (options.excludeCredentials) o.excludeCredentials = options.excludeCredentials.map(withId);
    return o;
  }
  function request(options) {
    var o = Object.assign({}, options);
    o.challenge = bytes(options.challenge);
    if (options.allowCredentials) o.allowCredentials = options.allowCredentials.map(withId);
    return o;
  }
  function extensions(credential) {
    var results = credential.getClientExtensionResults ? credential.getClientExtensionResults() : {};
    return results && results.credProps && typeof results.credProps.rk === 'boolean' ? { credProps: { rk: results.credProps.rk } } : {};
  }
  function common(credential, response) {
    var json = { id: credential.id, rawId: text(credential.rawId), type: credential.type, response: response, clientExtensionResults: extensions(credential) };
    if (credential.authenticatorAttachment === 'platform' || credential.authenticatorAttachment === 'cross-platform') json.authenticatorAttachment = credential.authenticatorAttachment;
    return json;
  }
  function registration(credential) {
    var r = credential.response;
    var response = { clientDataJSON: text(r.clientDataJSON), attestationObject: text(r.attestationObject) };
    var given = r.getTransports ? r.getTransports().filter(function (t) { return transports.indexOf(t) >= 0; }) : [];
    if (given.length) response.transports = given.filter(function (t, i) { return given.indexOf(t) === i; });
    return common(credential, response);
  }
  function assertion(credential) {
    var r = credential.response;
    var response = { clientDataJSON: text(r.clientDataJSON), authenticatorData: text(r.authenticatorData), signature: text(r.signature) };
    if (r.userHandle && r.userHandle.byteLength) response.userHandle = text(r.userHandle);
    return common(credential, response);
  }

  sections.forEach(function (section) {
    var form = section.querySelector('form');
    var notice = section.querySelector('.needs-script');
    var status = section.querySelector('.key-status');
    if (!form || !notice || !status) return;
    if (!supported) {
      notice.textContent = notice.getAttribute('data-unsupported');
      return;
    }
    notice.hidden = true;
    section.querySelectorAll('.key-action').forEach(function (el) { el.hidden = false; });
    var ceremony = section.getAttribute('data-security-key');
    var busy = false;
    function show(message) {
      busy = false;
      status.textContent = message;
      status.hidden = false;
      status.focus();
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      status.hidden = true;
      fetch(section.getAttribute('data-options'), { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (res) {
          if (!res.ok) throw { options: true };
          return res.json();
        })
        .then(function (options) {
          return ceremony === 'register'
            ? navigator.credentials.create({ publicKey: creation(options) }).then(registration)
            : navigator.credentials.get({ publicKey: request(options) }).then(assertion);
        })
        .then(function (json) {
          form.querySelector('input[name="response"]').value = JSON.stringify(json);
          HTMLFormElement.prototype.submit.call(form);
        })
        .catch(function (error) {
          var name = error && error.name;
          show(status.getAttribute(error && error.options ? 'data-failed' : name === 'InvalidStateError' ? 'data-known' : name === 'NotAllowedError' || name === 'AbortError' ? 'data-cancelled' : 'data-failed'));
        });
    });
  });
})();
