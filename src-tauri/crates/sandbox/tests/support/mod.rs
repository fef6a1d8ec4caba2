//! A small browser for the login tests: a cookie-keeping HTTP client that follows redirects,
//! plus just enough HTML reading to fill the IdP's login form and pass on its auto-submit form.

#![allow(dead_code)]

use std::time::Duration;

pub struct Page {
    pub url: String,
    pub status: u16,
    pub body: String,
}

/// An HTML form: where it posts and its fields (hidden and others with a value).
#[derive(Debug, Clone)]
pub struct Form {
    pub action: String,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

pub struct Browser {
    client: reqwest::blocking::Client,
}

impl Browser {
    pub fn new() -> Self {
        let client = reqwest::blocking::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        Self { client }
    }

    fn page(response: reqwest::blocking::Response) -> Page {
        let url = response.url().to_string();
        let status = response.status().as_u16();
        let body = response.text().expect("a readable body");
        Page { url, status, body }
    }

    pub fn get(&self, url: &str) -> Page {
        Self::page(self.client.get(url).send().unwrap_or_else(|e| panic!("GET {url}: {e}")))
    }

    pub fn post_form(&self, url: &str, fields: &[(String, String)]) -> Page {
        Self::page(self.client.post(url).form(fields).send().unwrap_or_else(|e| panic!("POST {url}: {e}")))
    }

    /// POSTs `body` as plain text (the sandbox's control routes take a word or a PEM).
    pub fn post_text(&self, url: &str, body: &str) -> Page {
        let request = self.client.post(url).header("content-type", "text/plain").body(body.to_owned());
        Self::page(request.send().unwrap_or_else(|e| panic!("POST {url}: {e}")))
    }

    pub fn submit(&self, form: &Form) -> Page {
        self.post_form(&form.action, &form.fields)
    }
}

/// What happened after the user typed a name and password at the IdP.
pub enum AfterLogin {
    /// The IdP answered with its auto-submit form carrying a SAMLResponse.
    Posting(Form),
    /// The IdP showed another page (a login form again, a "forbidden" page...).
    StayedAtIdp(Page),
}

/// Opens `start_url`, expects the IdP's login form, signs in as `username`/`password`.
pub fn sign_in_at_idp(browser: &Browser, start_url: &str, username: &str, password: &str) -> (Page, AfterLogin) {
    let login_page = browser.get(start_url);
    assert!(
        login_page.url.contains("/simplesaml/module.php/core/loginuserpass.php"),
        "expected the IdP's login form, got {} ({}): {:.400}",
        login_page.url,
        login_page.status,
        login_page.body
    );
    let form = first_form(&login_page.body).expect("the login page has a form");
    let mut fields: Vec<(String, String)> =
        form.fields.into_iter().filter(|(n, _)| n != "username" && n != "password").collect();
    fields.push(("username".into(), username.into()));
    fields.push(("password".into(), password.into()));
    let after = browser.post_form(&login_page.url, &fields);
    let outcome = match first_form(&after.body) {
        Some(form) if form.field("SAMLResponse").is_some() => AfterLogin::Posting(resolve(&after.url, form)),
        _ => AfterLogin::StayedAtIdp(after),
    };
    (login_page, outcome)
}

/// Like [`sign_in_at_idp`] but insists on getting the SAMLResponse form.
pub fn saml_form(browser: &Browser, start_url: &str, username: &str) -> Form {
    match sign_in_at_idp(browser, start_url, username, &format!("{username}-pass")).1 {
        AfterLogin::Posting(form) => form,
        AfterLogin::StayedAtIdp(page) => {
            panic!("no SAMLResponse for {username} at {start_url}: {} {:.600}", page.status, text(&page.body))
        }
    }
}

fn resolve(base: &str, mut form: Form) -> Form {
    if let Ok(base) = url::Url::parse(base) {
        if let Ok(action) = base.join(&form.action) {
            form.action = action.to_string();
        }
    }
    form
}

/// The first `<form>` of a page with its `<input>` fields.
pub fn first_form(html: &str) -> Option<Form> {
    let start = html.find("<form")?;
    let tag_end = start + html[start..].find('>')?;
    let action = attribute(&html[start..tag_end], "action").unwrap_or_default();
    let end = html[tag_end..].find("</form>").map(|e| tag_end + e).unwrap_or(html.len());
    let inner = &html[tag_end..end];
    let mut fields = Vec::new();
    let mut rest = inner;
    while let Some(i) = rest.find("<input") {
        let after = &rest[i..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        if let Some(name) = attribute(tag, "name") {
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        }
        rest = &after[close..];
    }
    Some(Form { action, fields })
}

/// The unescaped value of `name="…"` inside one tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    loop {
        let i = search.find(name)?;
        let before_ok = i == 0 || search[..i].ends_with(|c: char| c.is_whitespace());
        let after = search[i + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let body = &value[1..];
                    let end = body.find(quote)?;
                    return Some(unescape(&body[..end]));
                }
            }
        }
        search = &search[i + name.len()..];
    }
}

pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A page's text without tags, squeezed, for assertion messages.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ')
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `data-error-code` of an emulator error page.
pub fn error_code(html: &str) -> Option<String> {
    let i = html.find("data-error-code=\"")? + "data-error-code=\"".len();
    let end = html[i..].find('"')?;
    Some(html[i..i + end].to_owned())
}

/// The decoded XML of a posted SAMLResponse.
pub fn decoded(form: &Form) -> String {
    use base64::Engine as _;
    let value = form.field("SAMLResponse").expect("a SAMLResponse field");
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(value).expect("base64")).expect("utf-8")
}
