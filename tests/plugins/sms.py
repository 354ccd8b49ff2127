"""An SMS gateway stand-in (Africa's Talking's messaging endpoint) on loopback."""

import threading

import pytest


class SmsGateway:
    """A stand-in for Africa's Talking's messaging endpoint on loopback: records every request
    and answers one status per number (101 Success unless told otherwise in `statuses`)."""

    def __init__(self):
        import http.server

        gateway = self
        self.requests = []
        self.statuses = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 -- http.server's hook name
                import json
                import urllib.parse

                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                gateway.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "form": form,
                    }
                )
                recipients = []
                for number in form.get("to", "").split(","):
                    code, status = gateway.statuses.get(number, (101, "Success"))
                    recipients.append(
                        {
                            "number": number,
                            "status": status,
                            "statusCode": code,
                            "messageId": f"ATXid_{len(gateway.requests)}",
                            "cost": "XOF 20",
                        }
                    )
                answer = json.dumps(
                    {"SMSMessageData": {"Message": f"Sent to {len(recipients)}", "Recipients": recipients}}
                ).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/version1/messaging"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_gateway(settings):
    """SMS go through the HTTP backend to this stand-in gateway, which the test reads back."""
    gateway = SmsGateway()
    gateway.start()
    settings.SMS_BACKEND = "portal.ground.notifications.sms.backends.africastalking.SmsBackend"
    settings.SMS_API_URL = gateway.url
    settings.SMS_USERNAME = "misp"
    settings.SMS_API_KEY = "cle-de-test"
    settings.SMS_SENDER_ID = "MISP"
    yield gateway
    gateway.stop()
