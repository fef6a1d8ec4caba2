//! "Not back to this computer, not into the local network": the addresses a metadata download
//! may connect to.
//!
//! A metadata address comes from outside (pasted from an e-mail, or a redirect chosen by a remote
//! server). Without this guard a crafted address could make the app read a service on this
//! computer (`http://localhost:…`), on the office network, or the cloud's instance metadata
//! (`169.254.169.254`). Host names are not enough to tell: `localtest.me` resolves to 127.0.0.1.
//! So the check runs on the IP addresses themselves, at the moment of connecting:
//!
//! - names are resolved by [`GuardedResolver`], reqwest's DNS resolver for the download, which
//!   hands reqwest only addresses that pass: the address checked is the address connected to,
//!   with no second lookup in between;
//! - reqwest does not resolve a literal IP (`https://10.0.0.1/`), so each literal host is checked
//!   by [`check_literal_host`] before that hop's request, the first address and every redirect.
//!
//! The practice sandbox serves its IdP on 127.0.0.1; it passes because sandbox mode sets
//! [`DownloadPolicy::allow_loopback`], a setting the caller chooses, not a special case in here.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

#[cfg(feature = "fetch")]
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Which addresses a download may reach besides the public internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DownloadPolicy {
    /// Allow this computer's loopback addresses (127.0.0.0/8, ::1 and their IPv4-mapped forms).
    /// Only the practice sandbox sets this, for its IdP on 127.0.0.1. Private, link-local and
    /// unspecified addresses stay refused even then.
    pub allow_loopback: bool,
}

impl DownloadPolicy {
    /// The app's normal setting: public internet addresses only.
    pub const INTERNET_ONLY: DownloadPolicy = DownloadPolicy { allow_loopback: false };
    /// Practice mode: the sandbox's IdP on this computer too.
    pub const SANDBOX: DownloadPolicy = DownloadPolicy { allow_loopback: true };
}

/// Why an address is not on the public internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// 127.0.0.0/8, ::1: this computer.
    Loopback,
    /// 0.0.0.0/8, ::: "any address", which on most systems reaches this computer.
    Unspecified,
    /// 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7, fec0::/10.
    Private,
    /// 169.254/16, fe80::/10 (169.254.169.254 is where clouds serve instance secrets).
    LinkLocal,
    /// Multicast, broadcast and reserved ranges: never a web server.
    NotUnicast,
}

impl AddressKind {
    fn words(self) -> &'static str {
        match self {
            AddressKind::Loopback => "this computer's own loopback address",
            AddressKind::Unspecified => "the unspecified address, which reaches this computer",
            AddressKind::Private => "a private network address",
            AddressKind::LinkLocal => "a link-local address (the local network segment, or a cloud's instance metadata)",
            AddressKind::NotUnicast => "a multicast, broadcast or reserved address",
        }
    }
}

/// What a public address is not. `None` for a public internet address.
pub fn classify(ip: IpAddr) -> Option<AddressKind> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<AddressKind> {
    let [a, b, ..] = ip.octets();
    if a == 127 {
        Some(AddressKind::Loopback)
    } else if a == 0 {
        // 0.0.0.0/8, "this network": connecting to 0.0.0.0 reaches this computer on Linux and macOS.
        Some(AddressKind::Unspecified)
    } else if a == 10 || (a == 172 && (16..=31).contains(&b)) || (a == 192 && b == 168) || (a == 100 && (64..=127).contains(&b)) {
        Some(AddressKind::Private)
    } else if a == 169 && b == 254 {
        Some(AddressKind::LinkLocal)
    } else if a >= 224 {
        // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast.
        Some(AddressKind::NotUnicast)
    } else {
        None
    }
}

fn classify_v6(ip: Ipv6Addr) -> Option<AddressKind> {
    // ::ffff:a.b.c.d (IPv4-mapped) reaches the IPv4 address a.b.c.d: judge that one.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let segments = ip.segments();
    if ip.is_unspecified() {
        return Some(AddressKind::Unspecified);
    }
    if ip.is_loopback() {
        return Some(AddressKind::Loopback);
    }
    // ::a.b.c.d (the deprecated IPv4-compatible form) and 64:ff9b::a.b.c.d (NAT64): the IPv4
    // address inside decides, so ::127.0.0.1 is not a way around the IPv4 rules.
    let embeds_v4 = segments[..6] == [0; 6] || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    if embeds_v4 {
        let [.., hi, lo] = segments;
        let v4 = Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
        return classify_v4(v4);
    }
    match segments[0] {
        s if s & 0xfe00 == 0xfc00 => Some(AddressKind::Private),   // fc00::/7, unique local
        s if s & 0xffc0 == 0xfe80 => Some(AddressKind::LinkLocal), // fe80::/10
        s if s & 0xffc0 == 0xfec0 => Some(AddressKind::Private),   // fec0::/10, old site-local
        s if s & 0xff00 == 0xff00 => Some(AddressKind::NotUnicast), // ff00::/8, multicast
        _ => None,
    }
}

/// An address the policy refuses: what it was called, what it is, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedAddress {
    /// The host as the address named it (a name, or the literal IP).
    pub host: String,
    pub ip: IpAddr,
    pub kind: AddressKind,
    /// The host was the IP itself, not a name that resolved to it.
    pub literal: bool,
}

impl fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.literal {
            write!(f, "{} is {}", self.host, self.kind.words())
        } else {
            write!(f, "{} leads to {}, {}", self.host, self.ip, self.kind.words())
        }
    }
}

impl std::error::Error for RefusedAddress {}

/// The name could not be resolved at all: no such name in DNS, or no DNS answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameNotFound {
    pub host: String,
    pub detail: String,
}

impl fmt::Display for NameNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the name {} could not be looked up ({})", self.host, self.detail)
    }
}

impl std::error::Error for NameNotFound {}

/// `Err` when `policy` refuses `ip`, which `host` (a name) resolved to.
pub fn check_ip(host: &str, ip: IpAddr, policy: DownloadPolicy) -> Result<(), RefusedAddress> {
    match classify(ip) {
        None => Ok(()),
        Some(AddressKind::Loopback) if policy.allow_loopback => Ok(()),
        Some(kind) => Err(RefusedAddress { host: host.to_owned(), ip, kind, literal: false }),
    }
}

/// Checks a literal IP host (which reqwest connects to without asking the resolver). Host names
/// pass here: [`GuardedResolver`] checks what they resolve to, when connecting.
pub fn check_literal_host(url: &Url, policy: DownloadPolicy) -> Result<(), RefusedAddress> {
    let host = url.host_str().unwrap_or("");
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(Host::Domain(_)) | None => return Ok(()),
    };
    check_ip(host, ip, policy).map_err(|refused| RefusedAddress { literal: true, ..refused })
}

/// Keeps the addresses `policy` allows out of `resolved`; refuses when none is left (naming the
/// first refused one). A name with a public and a private address is reached on the public one.
pub fn filter_resolved(host: &str, resolved: Vec<SocketAddr>, policy: DownloadPolicy) -> Result<Vec<SocketAddr>, RefusedAddress> {
    let mut first_refused = None;
    let allowed: Vec<SocketAddr> = resolved
        .into_iter()
        .filter(|addr| match check_ip(host, addr.ip(), policy) {
            Ok(()) => true,
            Err(refused) => {
                tracing::debug!(host, address = %addr.ip(), "metadata download: resolved address refused");
                first_refused.get_or_insert(refused);
                false
            }
        })
        .collect();
    match (allowed.is_empty(), first_refused) {
        (true, Some(refused)) => Err(refused),
        _ => Ok(allowed),
    }
}

/// reqwest's resolver for metadata downloads: the system's lookup, then [`filter_resolved`].
#[cfg(feature = "fetch")]
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub policy: DownloadPolicy,
}

#[cfg(feature = "fetch")]
impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| NameNotFound { host: host.clone(), detail: e.to_string() })?
                .collect();
            if resolved.is_empty() {
                return Err(NameNotFound { host: host.clone(), detail: "no address".to_owned() }.into());
            }
            let allowed = filter_resolved(&host, resolved, policy)?;
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<AddressKind> {
        classify(text.parse().unwrap())
    }

    #[test]
    fn every_address_class_is_told_apart() {
        use AddressKind::*;
        let cases: &[(&str, Option<AddressKind>)] = &[
            ("127.0.0.1", Some(Loopback)),
            ("127.255.255.254", Some(Loopback)),
            ("::1", Some(Loopback)),
            ("::ffff:127.0.0.1", Some(Loopback)),
            ("::ffff:7f00:2", Some(Loopback)),
            ("::127.0.0.1", Some(Loopback)),
            ("64:ff9b::127.0.0.1", Some(Loopback)),
            ("0.0.0.0", Some(Unspecified)),
            ("0.1.2.3", Some(Unspecified)),
            ("::", Some(Unspecified)),
            ("::ffff:0.0.0.0", Some(Unspecified)),
            ("10.0.0.1", Some(Private)),
            ("10.255.255.255", Some(Private)),
            ("172.16.0.1", Some(Private)),
            ("172.31.255.255", Some(Private)),
            ("192.168.1.1", Some(Private)),
            ("100.64.0.1", Some(Private)),
            ("::ffff:10.1.2.3", Some(Private)),
            ("::ffff:192.168.0.1", Some(Private)),
            ("fc00::1", Some(Private)),
            ("fd12:3456::1", Some(Private)),
            ("fec0::1", Some(Private)),
            ("169.254.169.254", Some(LinkLocal)),
            ("169.254.0.1", Some(LinkLocal)),
            ("::ffff:169.254.169.254", Some(LinkLocal)),
            ("fe80::1", Some(LinkLocal)),
            ("febf::1", Some(LinkLocal)),
            ("224.0.0.1", Some(NotUnicast)),
            ("255.255.255.255", Some(NotUnicast)),
            ("ff02::1", Some(NotUnicast)),
            ("::2", Some(Unspecified)),
            // Public: just outside each range.
            ("8.8.8.8", None),
            ("172.15.255.255", None),
            ("172.32.0.1", None),
            ("192.169.0.1", None),
            ("100.63.255.255", None),
            ("100.128.0.1", None),
            ("169.253.0.1", None),
            ("126.255.255.255", None),
            ("128.0.0.1", None),
            ("223.255.255.255", None),
            ("::ffff:8.8.8.8", None),
            ("64:ff9b::8.8.8.8", None),
            ("2001:4860:4860::8888", None),
            ("fbff::1", None),
            ("fe00::1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(kind(text), *expected, "{text}");
        }
    }

    #[test]
    fn only_loopback_is_ever_allowed_and_only_when_asked() {
        let sandbox = DownloadPolicy::SANDBOX;
        let internet = DownloadPolicy::INTERNET_ONLY;
        assert_eq!(DownloadPolicy::default(), internet);
        for allowed_in_sandbox in ["127.0.0.1", "::1", "::ffff:127.0.0.1"] {
            let ip: IpAddr = allowed_in_sandbox.parse().unwrap();
            assert!(check_ip("h", ip, sandbox).is_ok(), "{ip}");
            assert_eq!(check_ip("h", ip, internet).unwrap_err().kind, AddressKind::Loopback, "{ip}");
        }
        for never in ["0.0.0.0", "::", "10.0.0.1", "169.254.169.254", "fe80::1", "fd00::1"] {
            let ip: IpAddr = never.parse().unwrap();
            assert!(check_ip("h", ip, sandbox).is_err(), "{ip} in the sandbox");
        }
        assert!(check_ip("h", "93.184.215.14".parse().unwrap(), internet).is_ok());
    }

    #[test]
    fn literal_hosts_are_checked_and_names_left_to_the_resolver() {
        let refused = |url: &str| check_literal_host(&Url::parse(url).unwrap(), DownloadPolicy::INTERNET_ONLY).err();
        assert_eq!(refused("https://127.0.0.1/m").unwrap().kind, AddressKind::Loopback);
        assert_eq!(refused("https://[::ffff:127.0.0.1]:8443/m").unwrap().kind, AddressKind::Loopback);
        // The url crate reads these old IPv4 spellings as 127.0.0.1 / 10.0.0.1, as browsers do.
        assert_eq!(refused("https://2130706433/m").unwrap().kind, AddressKind::Loopback);
        assert_eq!(refused("https://0x7f.1/m").unwrap().kind, AddressKind::Loopback);
        assert_eq!(refused("https://012.0.0.1/m").unwrap().kind, AddressKind::Private);
        assert_eq!(refused("https://[fe80::1]/m").unwrap().kind, AddressKind::LinkLocal);
        assert_eq!(refused("https://localhost/m"), None, "a name: the resolver decides");
        assert_eq!(refused("https://idp.example.com/m"), None);
    }

    #[test]
    fn resolved_addresses_are_filtered_not_just_checked() {
        let addr = |s: &str| SocketAddr::new(s.parse().unwrap(), 443);
        let policy = DownloadPolicy::INTERNET_ONLY;
        let mixed = vec![addr("127.0.0.1"), addr("93.184.215.14"), addr("::1")];
        assert_eq!(filter_resolved("idp.test", mixed, policy).unwrap(), vec![addr("93.184.215.14")]);
        let refused = filter_resolved("idp.test", vec![addr("10.1.1.1"), addr("127.0.0.1")], policy).unwrap_err();
        assert_eq!((refused.ip, refused.kind), ("10.1.1.1".parse().unwrap(), AddressKind::Private));
        assert_eq!(refused.to_string(), "idp.test leads to 10.1.1.1, a private network address");
        let literal = RefusedAddress { host: "[::1]".into(), ip: "::1".parse().unwrap(), kind: AddressKind::Loopback, literal: true };
        assert_eq!(literal.to_string(), "[::1] is this computer's own loopback address");
    }

    #[cfg(feature = "fetch")]
    #[tokio::test]
    async fn the_resolver_itself_refuses_a_name_that_leads_here() {
        let resolve = |policy, name: &str| GuardedResolver { policy }.resolve(name.parse().unwrap());
        let error = match resolve(DownloadPolicy::INTERNET_ONLY, "localhost").await {
            Ok(addrs) => panic!("localhost resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(error) => error,
        };
        let refused = error.downcast_ref::<RefusedAddress>().expect("a RefusedAddress");
        assert_eq!((refused.host.as_str(), refused.kind), ("localhost", AddressKind::Loopback));
        let allowed: Vec<SocketAddr> = resolve(DownloadPolicy::SANDBOX, "localhost").await.expect("sandbox").collect();
        assert!(!allowed.is_empty() && allowed.iter().all(|a| a.ip().is_loopback()), "{allowed:?}");
        let missing = resolve(DownloadPolicy::SANDBOX, "no-such-host.invalid").await.err().expect("no such name");
        let missing = missing.downcast_ref::<NameNotFound>().expect("a NameNotFound");
        assert_eq!(missing.host, "no-such-host.invalid");
    }
}
