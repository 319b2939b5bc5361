// "Ver pantalla": draws a live session's screen frames on a canvas. Watch only: this page never
// sends anything on its socket. Binary messages are screen frames (see WatchStream.screen on the
// broker); text messages are the page's state as JSON.
(function () {
  "use strict";
  const root = document.getElementById("watch");
  const canvas = document.getElementById("screen");
  const ctx = canvas.getContext("2d");
  const title = document.getElementById("watch-title");
  const text = document.getElementById("watch-text");
  const state = document.getElementById("watch-state");
  const people = document.getElementById("watch-people");
  const ENCODING = { PNG: 1, RGB_DEFLATE: 2, JPEG: 3 };
  let stopped = false;
  // Frames are drawn one after another, in the order they came.
  let drawing = Promise.resolve();

  function show(kind, heading, detail) {
    state.className = "watch-state " + kind;
    title.textContent = heading;
    text.textContent = detail || "";
    root.dataset.state = kind;
    // Nothing of the customer's screen stays on view once it is no longer shared with us.
    if (kind === "stopped" || kind === "hidden") {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      canvas.width = 0;
      canvas.height = 0;
    }
  }

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function region(r) {
    if (r.encoding === ENCODING.RGB_DEFLATE) {
      // Each pixel a big-endian 0x00RRGGBB word, zlib-deflated (java.util.zip.Deflater).
      const raw = await inflate(r.data);
      if (raw.length !== r.width * r.height * 4) {
        throw new Error("RGB_DEFLATE region of " + raw.length + " bytes");
      }
      const image = new ImageData(r.width, r.height);
      const px = image.data;
      for (let i = 0; i < raw.length; i += 4) {
        px[i] = raw[i + 1];
        px[i + 1] = raw[i + 2];
        px[i + 2] = raw[i + 3];
        px[i + 3] = 255;
      }
      ctx.putImageData(image, r.x, r.y);
    } else if (r.encoding === ENCODING.PNG || r.encoding === ENCODING.JPEG) {
      const type = r.encoding === ENCODING.PNG ? "image/png" : "image/jpeg";
      const bitmap = await createImageBitmap(new Blob([r.data], { type: type }));
      ctx.drawImage(bitmap, r.x, r.y);
      bitmap.close();
    }
  }

  function parse(buffer) {
    const view = new DataView(buffer);
    if (view.getUint8(0) !== 1) {
      return null;
    }
    const frame = {
      full: view.getUint8(1) === 1,
      width: view.getUint32(2),
      height: view.getUint32(6),
      regions: [],
    };
    let at = 14;
    for (let n = view.getUint32(10); n > 0; n--) {
      const length = view.getUint32(at + 17);
      frame.regions.push({
        x: view.getUint32(at),
        y: view.getUint32(at + 4),
        width: view.getUint32(at + 8),
        height: view.getUint32(at + 12),
        encoding: view.getUint8(at + 16),
        data: new Uint8Array(buffer, at + 21, length),
      });
      at += 21 + length;
    }
    return frame;
  }

  async function draw(buffer) {
    const frame = parse(buffer);
    if (frame === null || stopped || root.dataset.state !== "watching") {
      return;
    }
    if (canvas.width !== frame.width || canvas.height !== frame.height) {
      if (!frame.full) {
        return; // a new size starts from a full frame
      }
      canvas.width = frame.width;
      canvas.height = frame.height;
    }
    for (const r of frame.regions) {
      await region(r);
    }
    root.dataset.frames = String(Number(root.dataset.frames || "0") + 1);
  }

  function message(data) {
    const m = JSON.parse(data);
    if (m.kind === "participants") {
      people.replaceChildren(
        ...m.people.map((p) => {
          const li = document.createElement("li");
          const name = document.createElement("strong");
          name.textContent = p.name;
          const role = document.createElement("span");
          role.className = "muted";
          role.textContent = " (" + p.role + ")";
          li.append(name, role);
          return li;
        })
      );
      return;
    }
    if (m.kind === "stopped") {
      stopped = true;
      people.replaceChildren();
    }
    if (m.reason) {
      root.dataset.reason = m.reason;
    }
    show(m.kind, m.title, m.text);
  }

  const url = new URL(root.dataset.socket, location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  show("connecting", root.dataset.connecting, "");
  socket.onmessage = (event) => {
    if (typeof event.data === "string") {
      drawing = drawing.then(() => message(event.data)).catch((e) => console.error(e));
    } else {
      const buffer = event.data;
      drawing = drawing.then(() => draw(buffer)).catch((e) => console.error(e));
    }
  };
  socket.onclose = () => {
    drawing.then(() => {
      if (!stopped) {
        stopped = true;
        show("stopped", root.dataset.lost, "");
      }
    });
  };
})();
