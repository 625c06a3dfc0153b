"""A Jupyter kernel driven through the server's websocket API, the protocol JupyterLab speaks."""
import contextlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

POLL_S = 5  # seconds between looks at a deadline while waiting for a kernel


def decode(frame):
    """A kernel message from the websocket: JSON text, or jupyter_server's binary framing when the
    message carries buffers (uint32 count, uint32 offsets, then the JSON message and the buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)] + [len(frame)]
    return json.loads(frame[offsets[0]:offsets[1]].decode("utf-8"))


@dataclass
class Result:
    printed: str = ""
    error: str = None
    count: int = None
    outputs: list = field(default_factory=list)


class Kernel:
    """A kernel driven through the Jupyter server's websocket API (the protocol JupyterLab speaks)."""

    def __init__(self, student, kernel_id):
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.connect()

    def connect(self):
        import requests
        import websocket

        http_url = f"{self.student.server}/api/kernels/{self.id}/channels"
        cookie = self.student.http.prepare_request(requests.Request("GET", http_url)).headers.get("Cookie", "")
        self.ws = websocket.create_connection(http_url.replace("http://", "ws://", 1) + f"?session_id={self.session}",
                                              cookie=cookie, timeout=300)  # a busy server is slow to accept
        self.ws.settimeout(POLL_S)
        # A kernel still starting may miss the first request: ask again until it answers, as JupyterLab does.
        deadline = time.monotonic() + 300
        while True:
            try:
                self.request("kernel_info_request", {}, "kernel_info_reply", timeout=POLL_S)
                return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise TimeoutError("the kernel did not answer kernel_info in 300 s") from None

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "student",
                       "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        return msg_id

    def request(self, msg_type, content, reply_type, timeout=600):
        import websocket

        msg_id = self.send(msg_type, content)
        result, replied, idle = Result(), False, False
        deadline = time.monotonic() + timeout
        while not (replied and (idle or msg_type == "kernel_info_request")):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {reply_type} in {timeout} s")
            try:
                msg = decode(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue  # nothing yet: look at the deadline again
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == reply_type:
                replied = True
                result.count = content.get("execution_count")
                if content.get("status") == "error":
                    result.error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "stream":
                result.printed += content["text"]
                result.outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                output = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
                if kind == "execute_result":
                    output["execution_count"] = content["execution_count"]
                result.outputs.append(output)
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
                result.outputs.append({"output_type": "error", **{k: content[k] for k in ("ename", "evalue", "traceback")}})
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return result

    def execute(self, code):
        return self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                 "user_expressions": {}, "allow_stdin": False,
                                                 "stop_on_error": True}, "execute_reply")

    def restart(self):
        self.ws.close()
        self.student.api("POST", f"kernels/{self.id}/restart")
        self.connect()

    def close(self, shutdown=False):
        with contextlib.suppress(Exception):
            self.ws.close()
        if shutdown:
            with contextlib.suppress(Exception):
                self.student.api("DELETE", f"kernels/{self.id}")
