"""Given a leader with a few minutes, when they practise (guided or with the timer, online or off, with the
page hidden), then every bell sounds on time, the session reaches their private log once, and they can check
in afterwards.

Bells are recorded where they are heard: an AudioWorklet on the player's output notes the audio-clock time
at which each bell starts, on the audio thread, whatever the page's main thread is doing.
"""

import time

import pytest
from playwright.sync_api import Page, expect

from attend.practice.models import PracticeSession
from attend.tests.system.conftest import check_page, sign_in

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

# Bells must sound within this many seconds of their planned time (the issue asks for under one second).
BELL_TOLERANCE = 1.0

# Attaches a recorder to the player's output as soon as the player announces its audio graph. Bell times are
# seconds from the start of the first stage, read from the audio clock on the audio thread.
BELL_RECORDER = """
window.__bells = [];
document.addEventListener("practice:audio", async (event) => {
  const { context, output, startAt } = event.detail;
  const source = `
    class BellRecorder extends AudioWorkletProcessor {
      constructor() { super(); this.previous = 0; this.lastOnset = -1; }
      process(inputs) {
        const channel = inputs[0][0];
        if (!channel) return true;
        let peak = 0;
        for (const sample of channel) peak = Math.max(peak, Math.abs(sample));
        // A bell starts where the level jumps, even over the tail of the one before.
        if (peak > 0.02 && peak > this.previous * 1.5 + 0.01 && currentTime - this.lastOnset > 0.3) {
          this.lastOnset = currentTime;
          this.port.postMessage(currentTime);
        }
        this.previous = peak;
        return true;
      }
    }
    registerProcessor("bell-recorder", BellRecorder);`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  await context.audioWorklet.addModule(url);
  const recorder = new AudioWorkletNode(context, "bell-recorder");
  recorder.port.onmessage = (message) => window.__bells.push(message.data - startAt);
  output.connect(recorder);
});
"""

HIDE_PAGE = """() => {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""

# Worse than a background tab: no timer, animation frame or event runs on the page until this returns.
BLOCK_MAIN_THREAD = """(seconds) => {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {}
}"""


def player(page: Page):
    return page.locator("[data-practice-player]")


def wait_for_state(page: Page, state: str, timeout: float = 20_000) -> None:
    expect(player(page)).to_have_attribute("data-state", state, timeout=timeout)


def recorded_bells(page: Page) -> list[float]:
    return page.evaluate("() => window.__bells")


def assert_bells_at(page: Page, planned: list[float]) -> None:
    bells = recorded_bells(page)
    assert len(bells) == len(planned), f"expected bells at {planned}, heard {bells}"
    for heard, due in zip(bells, planned, strict=True):
        assert abs(heard - due) < BELL_TOLERANCE, f"a bell due at {due}s sounded at {heard:.3f}s (all: {bells})"


def sessions_of(person) -> list[PracticeSession]:
    return list(PracticeSession.objects.filter(person=person.user))


def wait_for_sessions(person, count: int, *, ended: bool = True, timeout: float = 10) -> list[PracticeSession]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sessions = sessions_of(person)
        if len(sessions) == count and all(session.ended == ended for session in sessions):
            return sessions
        time.sleep(0.1)
    pytest.fail(f"expected {count} logged sessions (ended={ended}), found {sessions_of(person)}")


def save_short_sit_walk_timer(page: Page) -> None:
    page.goto("/practice/timer/")
    check_page(page)
    stage_1 = page.get_by_role("group", name="Stage 1")
    stage_1.get_by_label("Name").fill("Sit")
    stage_1.get_by_label("Length").fill("0:04")
    stage_1.get_by_label("Bell every (optional)").fill("0:02")
    stage_2 = page.get_by_role("group", name="Stage 2 (optional)")
    stage_2.get_by_label("Name").fill("Walk")
    stage_2.get_by_label("Length").fill("0:03")
    page.get_by_role("group", name="Preparation countdown").get_by_role("radio", name="None").check()
    page.get_by_role("radio", name="Wood block").check()
    page.get_by_label("Name (to save this timer)").fill("Short sit and walk")
    page.get_by_role("button", name="Save timer").click()
    expect(page.get_by_text("Saved “Short sit and walk”")).to_be_visible()
    check_page(page)


def test_a_leader_starts_the_breathing_space_from_today_in_two_steps_ends_it_and_checks_in(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    # Given a leader who has just signed in
    sign_in(page, leader.user.email)
    check_page(page)

    # When they choose the breathing space on Today (one) and press Start (two)
    page.get_by_role("link", name="Take three minutes: breathing space").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three-step breathing space")
    check_page(page)
    pressed_start = time.monotonic()
    page.get_by_role("button", name="Start").click()

    # Then the practice is running: the start bell has sounded and the first cue is on screen
    wait_for_state(page, "running")
    expect(page.locator("#player-cue")).not_to_have_text("When you are ready, press Start.")
    page.wait_for_function("() => window.__bells.length >= 1", timeout=5_000)
    check_page(page)
    # And the server already knows when it is planned to end
    [started] = wait_for_sessions(leader, 1, ended=False)
    assert started.planned_seconds == 180 and started.planned_end_at is not None

    # When they pause for a moment, resume, and then end it early, a few seconds in
    page.wait_for_timeout(1_500)
    page.get_by_role("button", name="Pause").click()
    wait_for_state(page, "paused")
    seen_paused = time.monotonic()
    expect(page.get_by_role("button", name="Resume")).to_be_focused()
    page.wait_for_timeout(2_000)
    paused_at_least = time.monotonic() - seen_paused
    page.get_by_role("button", name="Resume").click()
    wait_for_state(page, "running")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.wait_for_timeout(1_000)
    page.get_by_role("button", name="End").click()

    # Then they are thanked, not judged, and the early end is logged with what they practised
    wait_for_state(page, "finished")
    running_at_most = time.monotonic() - pressed_start - paused_at_least
    expect(page.get_by_role("heading", name="Thank you for taking this time")).to_be_focused()
    expect(page.locator("#player-summary")).to_contain_text("You practised for")
    check_page(page)
    assert_bells_at(page, [0])
    [session] = wait_for_sessions(leader, 1)
    # About two and a half seconds of practice (longer on a busy machine): the pause does not count
    assert not session.completed and 2 <= session.actual_seconds <= round(running_at_most) + 1

    # When they check in with how they feel now
    page.get_by_role("link", name="Check in: how do you feel now?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How do you feel now?")
    check_page(page)
    page.get_by_role("radio", name="settled", exact=True).check()
    page.get_by_label("A note for yourself (optional)").fill("Shoulders dropped a little.")
    page.get_by_role("button", name="Save check-in").click()

    # Then their history shows the session with their check-in
    expect(page.get_by_role("heading", level=1)).to_have_text("Your practice")
    check_page(page)
    entry = page.locator(f"#session-{session.client_id}")
    expect(entry).to_contain_text("Three-step breathing space")
    expect(entry).to_contain_text("Ended when you chose")
    expect(entry).to_contain_text("You felt: settled")
    expect(entry).to_contain_text("Shoulders dropped a little.")

    # And they can take the feeling on into a reflection
    entry.get_by_role("link", name="Reflect on this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a reflection")
    assert "feeling=settled" in page.url


# Issue 18: the desktop journeys run at 1280 x 720, the smallest common laptop screen, so "in view" means it.
LAPTOP = {"width": 1280, "height": 720}
START_NOW = "Start a three-minute breathing space"


def at_laptop_or_phone_size(page: Page) -> None:
    if page.viewport_size["width"] > 320:
        page.set_viewport_size(LAPTOP)


def assert_practice_running_in_view(page: Page) -> None:
    """The session runs, its first bell has sounded on the audio clock, and its controls are on screen."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Three-step breathing space")
    wait_for_state(page, "running")
    page.wait_for_function("() => window.__bells.length >= 1", timeout=5_000)
    assert_bells_at(page, [0])
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    expect(page.get_by_role("button", name="Pause")).to_be_in_viewport()
    # A reload must not start a second session on its own: the address no longer asks for it.
    assert "#" not in page.url


def test_one_press_on_today_starts_the_three_minute_practice_with_its_bell(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    at_laptop_or_phone_size(page)
    # Given a leader who has just signed in
    sign_in(page, leader.user.email)
    check_page(page)

    # When they press the one button on Today
    with page.expect_navigation():
        page.get_by_role("button", name=START_NOW).or_(page.get_by_role("link", name=START_NOW)).click()

    # Then the three-minute practice is already running, with its first bell, and no Start to find
    assert_practice_running_in_view(page)
    check_page(page)
    [started] = wait_for_sessions(leader, 1, ended=False)
    assert started.planned_seconds == 180


def test_by_keyboard_two_tab_presses_on_today_start_the_three_minute_practice(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    at_laptop_or_phone_size(page)
    # Given a leader on Today who uses the keyboard
    sign_in(page, leader.user.email)
    check_page(page)
    page.evaluate("() => document.activeElement?.blur()")

    # When they press Tab to the skip link, Enter, Tab once more to the first thing in the page, and Enter
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    start_now = page.get_by_role("button", name=START_NOW).or_(page.get_by_role("link", name=START_NOW))
    expect(start_now).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Then the practice is running with its bell: two Tab presses in all
    assert_practice_running_in_view(page)
    check_page(page)


def test_a_browser_that_wants_its_own_press_gets_start_focused_and_in_view(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    at_laptop_or_phone_size(page)
    # Given a leader who opens Today's start address with no press that led there (typed, or from a bookmark),
    # so the browser does not let the page play sound yet
    sign_in(page, leader.user.email)
    page.goto("/practice/breathing-space/#player-start")

    # Then nothing plays on its own: Start is focused and on screen, and says why it is needed
    wait_for_state(page, "idle")
    start = page.get_by_role("button", name="Start")
    expect(start).to_be_focused()
    expect(start).to_be_in_viewport()
    expect(page.locator("#player-cue")).to_have_text(
        "Press Start to begin. Your browser plays the bells only after a press on this page."
    )
    check_page(page)

    # When they press Enter, the practice runs with its bell
    page.keyboard.press("Enter")
    assert_practice_running_in_view(page)


def test_a_saved_multi_stage_timer_rings_its_interval_and_stage_bells_on_time(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    # Given a leader who saves a timer: sit 4 seconds with a bell every 2, then walk 3
    sign_in(page, leader.user.email)
    save_short_sit_walk_timer(page)

    # When they start it from their saved timers
    page.get_by_role("link", name="Short sit and walk").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Short sit and walk")
    check_page(page)
    page.get_by_role("button", name="Start").click()

    # Then it moves from sitting to walking and finishes by itself
    wait_for_state(page, "running")
    expect(page.locator("#player-cue")).to_have_text("Walk", timeout=10_000)
    expect(page.locator("#player-stage")).to_have_text("Part 2 of 2")
    wait_for_state(page, "finished")
    check_page(page)

    # And the bells sounded at the start, the interval, the change of stage and the end
    assert_bells_at(page, [0, 2, 4, 7])
    [session] = wait_for_sessions(leader, 1)
    assert session.completed and session.actual_seconds == 7 and session.title == "Short sit and walk"


def test_bells_sound_on_time_with_the_page_hidden_and_its_main_thread_blocked(page, leader):
    page.context.add_init_script(BELL_RECORDER)
    # Given a leader with a 6-second timer and a bell every 2 seconds
    sign_in(page, leader.user.email)
    page.goto("/practice/timer/start/?stage1_name=Sit&stage1_length=0:06&stage1_interval=0:02&preparation=0&bell=wood")
    check_page(page)

    # When they start it, then the page is hidden and nothing on its main thread can run for 8 seconds
    page.get_by_role("button", name="Start").click()
    wait_for_state(page, "running")
    page.evaluate(HIDE_PAGE)
    page.evaluate(BLOCK_MAIN_THREAD, 8)

    # Then every bell sounded within a second of its time all the same
    page.wait_for_function("() => window.__bells.length >= 4", timeout=5_000)
    assert_bells_at(page, [0, 2, 4, 6])
    # And when the page can run again, the finished session is logged
    wait_for_state(page, "finished")
    [session] = wait_for_sessions(leader, 1)
    assert session.completed and session.actual_seconds == 6


def test_a_practice_done_offline_is_logged_once_when_the_connection_returns(page, leader):
    # Given a leader who has opened STOP once while online
    sign_in(page, leader.user.email)
    page.goto("/practice/stop/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # And has looked at their history with the service worker running
    page.goto("/practice/history/")
    page.goto("/practice/stop/")

    # When they lose their connection, open it again, and practise for a few seconds
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("STOP")
    page.get_by_role("button", name="Start").click()
    wait_for_state(page, "running")
    page.wait_for_timeout(2_000)
    page.get_by_role("button", name="End").click()

    # Then the player says it will log the session later, and nothing has reached the server
    wait_for_state(page, "finished")
    expect(page.locator("#player-offline")).to_be_visible()
    assert sessions_of(leader) == []
    # And their history was never kept on the device: offline, it is not there
    page.goto("/practice/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    check_page(page)
    page.goto("/practice/stop/")

    # When the connection returns
    page.context.set_offline(False)

    # Then the session is logged, once, even after the page is opened again. Some Chromium builds fire no
    # "online" event when emulated offline mode ends; the player's own retry (5 s after the failed send)
    # still sends it, so the wait allows for that.
    [session] = wait_for_sessions(leader, 1, timeout=20)
    assert session.title == "STOP" and not session.completed
    page.reload()
    wait_for_state(page, "idle")
    page.wait_for_timeout(1_000)
    assert len(sessions_of(leader)) == 1

    # When they sign out, the device forgets the pages and sessions Practice kept for offline use
    assert page.evaluate("async () => (await caches.keys()).length") > 0
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert page.evaluate("() => localStorage.length") == 0
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0


def test_a_session_the_server_could_not_take_reaches_the_log_without_reloading(new_page, leader):
    # Given a leader on STOP whose device still believes it is online, but whose log requests fail (a server
    # restarting, a proxy dropping requests): the browser fires no "online" event when this ends
    page = new_page(service_workers="block")
    sign_in(page, leader.user.email)
    page.goto("/practice/stop/")
    failed = []

    def drop(route):
        failed.append(route.request.url)
        route.abort("connectionreset")

    page.route("**/practice/log/", drop)

    # When they practise for a moment and end
    page.get_by_role("button", name="Start").click()
    wait_for_state(page, "running")
    page.wait_for_timeout(1_500)
    page.get_by_role("button", name="End").click()

    # Then the player says it will log the session later
    wait_for_state(page, "finished")
    expect(page.locator("#player-offline")).to_be_visible()
    assert failed and sessions_of(leader) == []

    # When the server takes requests again, with the page left open and nothing else done
    page.unroute("**/practice/log/")

    # Then the player sends the session by itself, once
    [session] = wait_for_sessions(leader, 1, timeout=20)
    assert session.title == "STOP" and not session.completed


def test_the_player_may_keep_the_screen_awake_but_no_page_may_use_the_camera_or_microphone(page, leader):
    # Given a leader with the timer open, and the browser's console watched for policy errors
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in(page, leader.user.email)

    # When the browser reads the page's Permissions-Policy
    page.goto("/practice/timer/")
    check_page(page)
    allowed = page.evaluate(
        """() => Object.fromEntries(["screen-wake-lock", "autoplay", "camera", "microphone", "geolocation",
            "payment", "usb"].map((feature) => [feature, document.featurePolicy.allowsFeature(feature)]))"""
    )

    # Then the Wake Lock and sound the player uses are allowed, everything powerful it does not use is off,
    # and the browser understood every feature the policy names
    assert allowed == {
        "screen-wake-lock": True,
        "autoplay": True,
        "camera": False,
        "microphone": False,
        "geolocation": False,
        "payment": False,
        "usb": False,
    }
    problems = [text for text in console if "Permissions-Policy" in text or "Permissions Policy" in text]
    assert problems == [], "\n".join(problems)
