//! A dependency-free stand-in for the crates real services import traits and macros from
//! (`tracing_subscriber::layer::SubscriberExt`, `anyhow::Context`, `futures::try_join!`).

pub mod tracing_subscriber {
    pub mod layer {
        /// Methods only in scope with the trait: `use ..::SubscriberExt;`.
        pub trait SubscriberExt: Sized {
            fn with(self, layer: &str) -> super::Registry;
        }
    }

    pub struct Registry {
        pub layers: Vec<String>,
    }

    pub fn registry() -> Registry {
        Registry { layers: Vec::new() }
    }

    impl Registry {
        pub fn init(self) -> usize {
            self.layers.len()
        }
    }

    impl layer::SubscriberExt for Registry {
        fn with(mut self, layer: &str) -> Registry {
            self.layers.push(layer.to_string());
            self
        }
    }
}

pub mod anyhow {
    /// `.context(..)` on any `Result`, like `anyhow::Context`.
    pub trait Context<T> {
        fn context(self, what: &str) -> Result<T, String>;
    }

    impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
        fn context(self, what: &str) -> Result<T, String> {
            self.map_err(|e| format!("{what}: {e}"))
        }
    }
}

/// Both results or the first error, like `futures::try_join!`.
#[macro_export]
macro_rules! try_join {
    ($a:expr, $b:expr) => {
        match ($a, $b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    };
}

/// The library's own state type: a split must not generate a second `AppState` next to it.
pub struct AppState {
    pub name: String,
}

pub struct Store {
    pub path: String,
}

impl Store {
    pub fn open(path: &str) -> Result<Store, std::io::Error> {
        Ok(Store {
            path: path.to_string(),
        })
    }
}

pub fn load(n: u32) -> Result<u32, String> {
    Ok(n * 2)
}
