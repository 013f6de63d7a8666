from tests.conftest import SignedIn


def test_recruiter_signs_in_through_the_form_and_reaches_the_start(sign_in_as) -> None:
    recruiter: SignedIn = sign_in_as("recruiter")
    assert recruiter.csrf


def test_wrong_password_is_refused_with_a_message(client, make_account) -> None:
    from tests.support import csrf_from

    _, email, _ = make_account("recruiter")
    form = client.get("/sign-in")
    answer = client.post(
        "/sign-in", data={"_csrf": csrf_from(form.text), "email": email, "password": "nope-nope-nope"}
    )
    assert answer.status_code == 400
    assert "wrong" in answer.text
