use extism::{Pool, PoolPlugin};

pub fn run_plugin_hook_after(pool: &Pool, name: &str) {
  if let Some(mut plugin) = pool.get(name) {
    // an extism plugin: actix's `Service` is not in scope here, so this is not its `call`
    plugin.call::<String, ()>(name, String::new()).ok();
  }
}
