use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub fn create_queue(capacity: usize) -> (mpsc::Sender<u64>, mpsc::Receiver<u64>) {
    mpsc::channel(capacity)
}

pub fn spawn_worker(mut jobs: mpsc::Receiver<u64>) -> JoinHandle<()> {
    tokio::spawn(async move {
        while let Some(job) = jobs.recv().await {
            println!("job {job} done");
        }
    })
}
