"""Where the app listens: the project's PLAN_ASSISTANT_HOST/PORT, else Gradio's own
GRADIO_SERVER_NAME/PORT, else 127.0.0.1:7860; and one real start that reads the address back."""
from __future__ import annotations

import socket

import gradio as gr
import pytest

import app
from tests.test_app import free_port

P_HOST, P_PORT, G_HOST, G_PORT = "PLAN_ASSISTANT_HOST", "PLAN_ASSISTANT_PORT", "GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT"


@pytest.mark.parametrize("env, expected", [
    ({}, ("127.0.0.1", 7860)),
    ({G_HOST: "0.0.0.0", G_PORT: "9001"}, ("0.0.0.0", 9001)),
    ({P_HOST: "127.0.0.2", P_PORT: "8123"}, ("127.0.0.2", 8123)),
    ({P_HOST: "127.0.0.2", P_PORT: "8123", G_HOST: "0.0.0.0", G_PORT: "9001"}, ("127.0.0.2", 8123)),
    ({P_HOST: "127.0.0.2", G_PORT: "9001"}, ("127.0.0.2", 9001)),  # each setting resolved on its own
    ({G_HOST: "0.0.0.0", P_PORT: "8123", G_PORT: "9001"}, ("0.0.0.0", 8123)),
    ({P_HOST: "  ", P_PORT: "", G_HOST: "::1", G_PORT: " 9002 "}, ("::1", 9002)),  # empty = unset
])
def test_server_address_project_variables_win_over_gradios(env, expected):
    assert app.server_address(env) == expected


@pytest.mark.parametrize("name, value", [(P_PORT, "http"), (G_PORT, "0"), (G_PORT, "70000"), (P_PORT, "-1")])
def test_a_bad_port_is_an_error_naming_its_variable(name, value):
    with pytest.raises(ValueError, match=name):
        app.server_address({name: value})


def test_launch_options_read_the_environment_and_explicit_values_win(monkeypatch):
    for name in (P_HOST, P_PORT):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(G_HOST, "0.0.0.0")
    monkeypatch.setenv(G_PORT, "9003")
    options = app.launch_options()
    assert (options["server_name"], options["server_port"]) == ("0.0.0.0", 9003)
    options = app.launch_options(host="127.0.0.1", port=9004)
    assert (options["server_name"], options["server_port"]) == ("127.0.0.1", 9004)


def test_a_real_start_listens_where_gradios_variables_say(monkeypatch):
    port = free_port()
    for name in (P_HOST, P_PORT):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(G_HOST, "127.0.0.1")
    monkeypatch.setenv(G_PORT, str(port))
    with gr.Blocks() as demo:
        gr.Markdown("launch test")
    demo.launch(**app.launch_options(), prevent_thread_lock=True, quiet=True)
    try:
        assert (demo.server_name, demo.server_port) == ("127.0.0.1", port)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # something accepts connections there
    finally:
        demo.close()
