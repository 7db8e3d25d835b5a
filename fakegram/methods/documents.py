"""Files: sendDocument (an upload, an ``attach://`` part or a known file id) and getFile."""

from __future__ import annotations

from typing import Any

from fakegram.errors import ApiError, bad_request
from fakegram.limits import MAX_CAPTION_LENGTH, MAX_DOWNLOAD_BYTES, MAX_UPLOAD_BYTES
from fakegram.methods.messages import formatted_text, reply_markup, reply_target
from fakegram.models import SentDocument
from fakegram.params import get_str
from fakegram.state import FakeState, Files, Params


def send_document(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    chat = state.chat(params)
    document = _uploaded_document(state, params, files)
    caption = get_str(params, "caption") or ""
    formatted, parse_mode = formatted_text(
        params, caption, "caption_entities", MAX_CAPTION_LENGTH, caption=True
    )
    markup, buttons = reply_markup(params)
    reply_to = reply_target(state, chat, params)
    message = state.store_bot_message(
        chat,
        caption,
        formatted,
        parse_mode,
        markup,
        buttons,
        document=document,
        reply_to=reply_to,
    )
    return message.to_api()


def get_file(state: FakeState, params: Params, files: Files) -> dict[str, Any]:
    stored = state.files.get(get_str(params, "file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.document.file_size > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": stored.document.file_id,
        "file_unique_id": stored.document.file_unique_id,
        "file_size": stored.document.file_size,
        "file_path": stored.file_path,
    }


def _uploaded_document(state: FakeState, params: Params, files: Files) -> SentDocument:
    upload = files.get("document")
    reference = get_str(params, "document")
    if upload is None and reference is not None:
        if reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
            if upload is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        elif reference in state.files:
            return state.files[reference].document
        elif reference.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
    if upload is None:
        raise bad_request("there is no document in the request")
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    return state.store_file(upload.filename, upload.data, upload.content_type)
