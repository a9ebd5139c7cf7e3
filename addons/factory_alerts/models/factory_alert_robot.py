"""Custom group robots of DingTalk, WeCom (企业微信) and Feishu.

Each robot is an incoming webhook of a chat group. The three answer HTTP 200
with an error code in the JSON body (``errcode`` for DingTalk and WeCom,
``code`` for Feishu): a delivery is successful only when that code is 0.
"""

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import quote_plus, urlsplit

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ADMIN = "base.group_system"
TIMEOUT = 10  # seconds per request
# body size limits of one message (bytes of the markdown text)
SIZE_LIMITS = {"dingtalk": 18000, "wecom": 4096, "feishu": 18000}
# error codes of a rate-limited robot ("sending too fast")
RATE_LIMIT_CODES = {
    "dingtalk": {130101, 410100},
    "wecom": {45009, 45033},
    "feishu": {9499, 11232, 11233},
}
# messages a minute each robot accepts
RATE_PER_MINUTE = 20


class FactoryAlertDeliveryError(Exception):
    """A robot did not take the message: retried later by the outbox."""

    def __init__(self, message, rate_limited=False):
        super().__init__(message)
        self.rate_limited = rate_limited


class FactoryAlertRobot(models.Model):
    _name = "factory.alert.robot"
    _description = "Alert Robot"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    robot_type = fields.Selection(
        [("dingtalk", "DingTalk"), ("wecom", "WeCom"), ("feishu", "Feishu")],
        "Type",
        required=True,
        default="dingtalk",
    )
    url = fields.Char(
        "Webhook URL",
        groups=ADMIN,
        help="The robot's webhook address, e.g. "
        "https://oapi.dingtalk.com/robot/send?access_token=…, "
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… or "
        "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    )
    secret = fields.Char(
        groups=ADMIN,
        help="Signing secret (DingTalk 加签 / Feishu 签名校验); empty when the "
        "robot does not check signatures. Not used by WeCom.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("url")
    def _check_url(self):
        for robot in self.sudo():
            parts = urlsplit(robot.url or "")
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(
                    self.env._(
                        "The webhook URL of robot %(robot)s must be an http:// or "
                        "https:// address, not “%(url)s”.",
                        robot=robot.name,
                        url=robot.url or "",
                    )
                )

    def _size_limit(self):
        self.ensure_one()
        return SIZE_LIMITS[self.robot_type]

    # ------------------------------------------------------------------
    # signing and payloads
    # ------------------------------------------------------------------

    @api.model
    def _dingtalk_sign(self, secret, timestamp_ms):
        """HMAC-SHA256 keyed with the secret over ``timestamp + "\\n" +
        secret``, base64, URL-encoded."""
        digest = hmac.new(
            secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
        ).digest()
        return quote_plus(base64.b64encode(digest).decode())

    @api.model
    def _feishu_sign(self, secret, timestamp_s):
        """HMAC-SHA256 keyed with ``timestamp + "\\n" + secret`` over an
        empty message, base64."""
        digest = hmac.new(
            f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256
        ).digest()
        return base64.b64encode(digest).decode()

    def _request(self, title, text, now=None):
        """(url, JSON body) of one markdown message, signed now."""
        self.ensure_one()
        robot = self.sudo()  # server side: the URL and secret never leave it
        now = time.time() if now is None else now
        url = robot.url
        if robot.robot_type == "dingtalk":
            if robot.secret:
                timestamp = str(int(now * 1000))
                sign = self._dingtalk_sign(robot.secret, timestamp)
                sep = "&" if "?" in url else "?"
                url = f"{url}{sep}timestamp={timestamp}&sign={sign}"
            body = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        elif robot.robot_type == "wecom":
            body = {"msgtype": "markdown", "markdown": {"content": text}}
        else:
            body = {
                "msg_type": "interactive",
                "card": {
                    "header": {"title": {"tag": "plain_text", "content": title}},
                    "elements": [{"tag": "markdown", "content": text}],
                },
            }
            if robot.secret:
                timestamp = str(int(now))
                body = {
                    "timestamp": timestamp,
                    "sign": self._feishu_sign(robot.secret, timestamp),
                    **body,
                }
        return url, body

    def _deliver(self, title, text):
        """Post one message; raise FactoryAlertDeliveryError unless the
        robot answers with code 0."""
        self.ensure_one()
        url, body = self._request(title, text)
        try:
            response = requests.post(
                url,
                data=json.dumps(body, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json; charset=utf-8"},
                timeout=TIMEOUT,
            )
        except requests.RequestException as error:
            raise FactoryAlertDeliveryError(
                self.env._("Network error: %s", error)
            ) from error
        if response.status_code == 429:
            raise FactoryAlertDeliveryError(
                self.env._("HTTP 429: the robot is rate-limited."), rate_limited=True
            )
        if response.status_code != 200:
            raise FactoryAlertDeliveryError(
                self.env._(
                    "HTTP %(status)s: %(text)s",
                    status=response.status_code,
                    text=response.text[:500],
                )
            )
        try:
            answer = response.json()
        except ValueError as error:
            raise FactoryAlertDeliveryError(
                self.env._("The robot's answer is not JSON: %s", response.text[:500])
            ) from error
        key = "code" if self.robot_type == "feishu" else "errcode"
        code = answer.get(key, answer.get("StatusCode", 0))
        if code:
            message = answer.get("msg") or answer.get("errmsg") or ""
            raise FactoryAlertDeliveryError(
                self.env._(
                    "The robot refused the message: %(key)s %(code)s %(message)s",
                    key=key,
                    code=code,
                    message=message,
                ),
                rate_limited=code in RATE_LIMIT_CODES[self.robot_type],
            )
        return answer

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_send_test(self):
        """Send a test message right away and say whether the robot took it."""
        self.ensure_one()
        self.check_access("write")
        title = self.env._("Factory Suite test message")
        text = self.env._(
            "### %(title)s\nThe robot %(robot)s of Factory Suite works.",
            title=title,
            robot=self.name,
        )
        try:
            self._deliver(title, text)
        except FactoryAlertDeliveryError as error:
            raise UserError(
                self.env._(
                    "The test message to %(robot)s was not delivered: %(error)s",
                    robot=self.name,
                    error=error,
                )
            ) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The robot %s took the test message.", self.name),
            },
        }
