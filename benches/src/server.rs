//! A tiny HTTP/1.1 keep-alive server that answers canned bytes: it does as
//! little as possible per request, so that what the benchmarks measure is the
//! client, not the server.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// One canned answer: requests with `method` whose path (without the query)
/// ends with `path_suffix` get `body` as `application/json` with `status`.
#[derive(Clone, Debug)]
pub struct Route {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The end of the path, e.g. `/conversations`.
    pub path_suffix: &'static str,
    /// The status code.
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// A running server; stops accepting when dropped. Connections end when the
/// client closes them.
pub struct CannedServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    accepted: Arc<AtomicUsize>,
    acceptor: Option<JoinHandle<()>>,
}

/// A route with its whole response (status line, headers, body) prepared once.
struct Prepared {
    method: &'static str,
    path_suffix: &'static str,
    response: Vec<u8>,
}

fn prepare(route: &Route) -> Prepared {
    let reason = match route.status {
        200 => "OK",
        201 => "Created",
        404 => "Not Found",
        _ => "Status",
    };
    let mut response = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        route.status,
        route.body.len()
    )
    .into_bytes();
    response.extend_from_slice(&route.body);
    Prepared {
        method: route.method,
        path_suffix: route.path_suffix,
        response,
    }
}

impl CannedServer {
    /// Listens on a free port of 127.0.0.1 and answers `routes`; anything
    /// else gets a 404.
    pub fn start(routes: &[Route]) -> io::Result<CannedServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let mut prepared: Vec<Prepared> = routes.iter().map(prepare).collect();
        prepared.push(prepare(&Route {
            method: "",
            path_suffix: "",
            status: 404,
            body: br#"{"error":"Resource could not be found"}"#.to_vec(),
        }));
        let prepared = Arc::new(prepared);
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        let acceptor = std::thread::Builder::new()
            .name("canned-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    counter.fetch_add(1, Ordering::Relaxed);
                    let routes = Arc::clone(&prepared);
                    let _ = std::thread::Builder::new()
                        .name("canned-conn".into())
                        .spawn(move || {
                            let _ = serve(stream, &routes);
                        });
                }
            })?;
        Ok(CannedServer {
            address,
            stopping,
            accepted,
            acceptor: Some(acceptor),
        })
    }

    /// Connections accepted so far: a client that reuses its connection
    /// opens one, however many requests it makes.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::Relaxed)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::Relaxed);
        // Wake the acceptor so it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream, routes: &[Prepared]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(16 * 1024, stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default();
        let path = target.split('?').next().unwrap_or_default().to_owned();
        let mut content_length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                content_length = value.trim().parse().unwrap_or(0);
            }
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;
        let route = routes
            .iter()
            .find(|r| r.method == method && path.ends_with(r.path_suffix))
            .or_else(|| routes.last());
        if let Some(route) = route {
            writer.write_all(&route.response)?;
        }
    }
}
