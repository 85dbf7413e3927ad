"""The Halstead tokens of a Rust file: the fast tokenizer (`metrics._TOKEN`, tuned for speed)
splits exactly as the plain grammar below does, on real-looking code and on random bytes."""

from __future__ import annotations

import random
import re

from nova_refactor.frontends.rust.metrics import _TOKEN

# The grammar as first written: names, numbers, placeholder literals, lifetimes, the
# multi-character operators, then any other character; whitespace separates tokens.
PLAIN = re.compile(
    rb'[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z_.]*|"[0-9]+"|\'[A-Za-z_]+'
    rb"|::|->|=>|==|!=|<=|>=|&&|\|\||\+=|-=|\*=|/=|\.\.=?|[^\sA-Za-z0-9_]"
)
SAMPLE = rb"""
impl<'a> Feed<'a> {
    pub async fn get(&self, id: u64) -> Result<Vec<Post>, Error> {
        let x = self.cache.lock().await?; // guard
        if id >= 10 && id != 0x1F || !done { x += 1; y -= 2; z *= 3; w /= 4; }
        match v { 0..=9 => "0", _ => '\n' as u8 }; a::b::<T>(&mut c)[0] # @ $ % ^ ~ ` \
    }
}
"""


def test_the_fast_tokenizer_splits_as_the_plain_grammar() -> None:
    chooser = random.Random(19)
    alphabet = b" \t\n\r_aZ09:;-=>!<&|.'\"+*/%^~`\\()[]{}#@$?,\x80\xff"
    texts = [SAMPLE.rstrip()]
    for _ in range(2000):
        texts.append(bytes(chooser.choice(alphabet) for _ in range(chooser.randint(1, 40))))
    for text in texts:
        text = text.rstrip()  # as `maintainability` hands it over
        assert _TOKEN.findall(text) == PLAIN.findall(text), text

