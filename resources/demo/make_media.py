"""Regenerate every binary media file of the demo course catalog, deterministically.

Run from the repository root:

    .venv/bin/python resources/demo/make_media.py            # everything
    .venv/bin/python resources/demo/make_media.py --only pdf  # just the PDFs (or: audio,
                                                              # image, video)

PDFs are rendered from HTML written in this file with PySide6 (`QTextDocument` printed on a
`QPdfWriter`); the creation dates and document id that Qt writes are pinned so that the same
input gives byte-identical files. Audio is synthesised with sox (tones) and espeak-ng (speech),
assembled as 22,050 Hz mono WAV segments and encoded to Ogg Vorbis with sox in repeatable
mode (`-R`), which also fixes the Ogg stream serial number. The one image (a chart for the
data-visualisation course) is painted with `QPainter`. The one video (the major scale on a
keyboard, music-theory-ear) has its frames painted with `QPainter` and its sound made like the
audio lessons, encoded by ffmpeg as H.264 + AAC in MP4 (one thread, bit-exact flags). Output is
byte-identical across runs on the same machine; other versions of Qt, sox/libvorbis,
espeak-ng or ffmpeg/x264 may produce different bytes.

Requirements: PySide6 and numpy (both in the project venv), and the Debian packages `sox`,
`libsox-fmt-base` (Ogg Vorbis), `espeak-ng` and `ffmpeg` (video only). Single-threaded; it
writes only inside the course folders next to this file and a temporary directory.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["TZ"] = "UTC"
os.environ["QT_HASH_SEED"] = "0"  # Qt orders embedded fonts by hash: make it repeatable
time.tzset()

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
RATE = 22050
FIXED_PDF_DATE = "20250101000000Z"
FIXED_XMP_DATE = "2025-01-01T00:00:00+00:00"

# --------------------------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------------------------


def run(cmd: Sequence[str]) -> None:
    """Run a command, failing loudly with its stderr."""
    proc = subprocess.run(list(cmd), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr}")


def midi_hz(note: int) -> float:
    """Frequency of a MIDI note number in twelve-tone equal temperament (A4 = 69 = 440 Hz)."""
    return float(440.0 * 2.0 ** ((note - 69) / 12))


NOTE_INDEX = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def n(name: str) -> int:
    """MIDI number of a note name such as 'C4', 'F#5' or 'Eb4'."""
    m = re.fullmatch(r"([A-G])([#b]?)(-?\d)", name)
    if m is None:
        raise ValueError(name)
    letter, accidental, octave = m.groups()
    shift = {"": 0, "#": 1, "b": -1}[accidental]
    return 12 * (int(octave) + 1) + NOTE_INDEX[letter] + shift


class Track:
    """An audio track assembled from WAV segments (tones, clicks, silence, speech)."""

    def __init__(self, workdir: Path, name: str) -> None:
        self.dir = workdir / name
        self.dir.mkdir(parents=True)
        self.parts: list[Path] = []

    def _next(self) -> Path:
        path = self.dir / f"{len(self.parts):04d}.wav"
        self.parts.append(path)
        return path

    def rest(self, seconds: float) -> None:
        run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(self._next()),
             "trim", "0", f"{seconds:.3f}"])

    def tones(self, notes: Sequence[int], seconds: float, level_db: float = -4.0) -> None:
        """Play notes together (one note, or a chord) with a plucked-string timbre."""
        synth: list[str] = ["synth", f"{seconds:.3f}"]
        for i, note in enumerate(notes):
            synth += ["pluck"] + (["mix"] if i else []) + [f"{midi_hz(note):.2f}"]
        run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(self._next()),
             *synth, "fade", "q", "0.005", f"{seconds:.3f}", "0.06", "gain", "-n",
             f"{level_db}"])

    def melody(self, notes: Sequence[int], seconds: float, gap: float = 0.05) -> None:
        for note in notes:
            self.tones([note], seconds)
            if gap:
                self.rest(gap)

    def click(self, accent: bool, beat: float) -> None:
        """One metronome click padded to the length of a beat."""
        freq, level = ("1760", "-3") if accent else ("1320", "-12")
        run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(self._next()),
             "synth", "0.04", "sine", freq, "fade", "q", "0.002", "0.04", "0.03",
             "gain", "-n", level, "pad", "0", f"{beat - 0.04:.3f}"])

    def rhythm(self, durations_in_beats: Sequence[float], bpm: float, midi: int) -> None:
        """Play a rhythm on one pitch: each note sounds for 85 % of its written length."""
        beat = 60.0 / bpm
        for d in durations_in_beats:
            length = d * beat
            self.tones([midi], length * 0.85)
            self.rest(length * 0.15)

    def say(self, text: str, voice: str = "en-us", speed: int = 150) -> None:
        raw = self.dir / f"raw{len(self.parts):04d}.wav"
        run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text])
        run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(self._next()),
             "gain", "-n", "-3"])

    def zh(self, pinyin: str, speed: int = 120) -> None:
        """Speak Mandarin from numbered pinyin (tone sandhi of 一 and 不 written out)."""
        self.say(pinyin, voice="cmn-latn-pinyin", speed=speed)

    def say_within(self, text: str, seconds: float, voice: str = "en-us",
                   speed: int = 150) -> None:
        """Speak ``text`` in a segment of exactly ``seconds`` (padded with silence, or cut)."""
        raw = self.dir / f"raw{len(self.parts):04d}.wav"
        run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text])
        run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(self._next()),
             "gain", "-n", "-3", "pad", "0", f"{seconds:.3f}", "trim", "0", f"{seconds:.3f}"])

    def render_wav(self, out: Path) -> None:
        """The whole track as one 16-bit PCM WAV file (input for the video encoder)."""
        run(["sox", "-R", *map(str, self.parts), "-r", str(RATE), "-c", "1", "-b", "16",
             str(out)])

    def render(self, out: Path, quality: int = 1) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        run(["sox", "-R", *map(str, self.parts), "-r", str(RATE), "-c", "1", "-C",
             str(quality), str(out)])


# --- music-theory-ear ------------------------------------------------------------------------

C_MAJOR = [n(x) for x in ("C4", "D4", "E4", "F4", "G4", "A4", "B4", "C5")]
G_MAJOR = [n(x) for x in ("G4", "A4", "B4", "C5", "D5", "E5", "F#5", "G5")]

INTERVALS = [  # (spoken name, half steps above C4)
    ("Minor second", 1), ("Major second", 2), ("Minor third", 3), ("Major third", 4),
    ("Perfect fourth", 5), ("Tritone", 6), ("Perfect fifth", 7), ("Minor sixth", 8),
    ("Major sixth", 9), ("Minor seventh", 10), ("Major seventh", 11), ("Octave", 12),
]
INTERVAL_TEST = [("D4", 7), ("A3", 3), ("F4", 12), ("E4", 4), ("G4", 2)]  # root, half steps

TRIAD_TEST = [("A3", "minor"), ("F4", "major"), ("D4", "minor"), ("G3", "major"),
              ("E4", "minor")]


def triad(root: int, quality: str) -> list[int]:
    return [root, root + (4 if quality == "major" else 3), root + 7]


def music_major_scale(track: Track) -> None:
    track.say("Lesson two. The major scale.")
    track.rest(0.6)
    track.say("The C major scale, going up.")
    track.rest(0.4)
    track.melody(C_MAJOR, 0.55)
    track.rest(0.8)
    track.say("And coming down.")
    track.rest(0.4)
    track.melody(C_MAJOR[::-1], 0.55)
    track.rest(1.0)
    track.say("A whole step: C to D.")
    track.rest(0.3)
    track.melody([n("C4"), n("D4")], 0.8)
    track.rest(0.6)
    track.say("A half step: E to F.")
    track.rest(0.3)
    track.melody([n("E4"), n("F4")], 0.8)
    track.rest(0.6)
    track.say("Another half step: B to C.")
    track.rest(0.3)
    track.melody([n("B4"), n("C5")], 0.8)
    track.rest(1.0)
    track.say("The scale again, slowly. Sing the numbers one to eight.")
    track.rest(0.5)
    track.melody(C_MAJOR, 0.9, gap=0.1)
    track.rest(1.0)
    track.say("The G major scale. Listen for F sharp, the seventh note.")
    track.rest(0.4)
    track.melody(G_MAJOR, 0.55)
    track.rest(1.0)
    track.say("Finally, the same C scale with F sharp instead of F. Something sounds wrong.")
    track.rest(0.4)
    track.melody([n(x) for x in ("C4", "D4", "E4", "F#4", "G4", "A4", "B4", "C5")], 0.55)
    track.rest(1.0)


def music_intervals(track: Track) -> None:
    track.say("Lesson three. Intervals, played melodically from middle C.")
    track.rest(0.8)
    c4 = n("C4")
    for name, steps in INTERVALS:
        track.say(name)
        track.rest(0.3)
        for _ in range(2):
            track.melody([c4, c4 + steps], 0.7)
            track.rest(0.5)
        track.rest(0.5)
    track.say("Listening test. Name each interval. The answers are in the transcript.")
    track.rest(0.8)
    for i, (root, steps) in enumerate(INTERVAL_TEST, start=1):
        track.say(f"Number {i}.")
        track.rest(0.3)
        track.melody([n(root), n(root) + steps], 0.7)
        track.rest(3.0)


def music_triads(track: Track) -> None:
    track.say("Lesson four. Major and minor triads.")
    track.rest(0.6)
    c4 = n("C4")
    for quality, spelled in (("major", "C, E, G."), ("minor", "C, E flat, G.")):
        track.say(f"C {quality}, one note at a time: {spelled}")
        track.rest(0.3)
        track.melody(triad(c4, quality), 0.6)
        track.rest(0.4)
        track.say("Together.")
        track.rest(0.2)
        track.tones(triad(c4, quality), 1.8)
        track.rest(1.0)
    track.say("Major, then minor.")
    track.rest(0.3)
    track.tones(triad(c4, "major"), 1.5)
    track.rest(0.4)
    track.tones(triad(c4, "minor"), 1.5)
    track.rest(1.0)
    track.say("Listening test. Major or minor?")
    track.rest(0.6)
    for i, (root, quality) in enumerate(TRIAD_TEST, start=1):
        track.say(f"Number {i}.")
        track.rest(0.2)
        track.tones(triad(n(root), quality), 1.6)
        track.rest(2.5)
    track.say("The primary chords in C major: one, four, five, one.")
    track.rest(0.4)
    for root in ("C4", "F4", "G4", "C4"):
        track.tones(triad(n(root), "major"), 1.2)
        track.rest(0.15)
    track.rest(1.0)
    track.say("One, five, six minor, four.")
    track.rest(0.4)
    for root, quality in (("C4", "major"), ("G3", "major"), ("A3", "minor"), ("F3", "major")):
        track.tones(triad(n(root), quality), 1.2)
        track.rest(0.15)
    track.rest(1.0)


def music_rhythm(track: Track) -> None:
    bpm = 90.0
    beat = 60.0 / bpm
    track.say("Lesson five. Pulse, metre and rhythm.")
    track.rest(0.6)
    track.say("A steady pulse at ninety beats per minute.")
    track.rest(0.3)
    for _ in range(8):
        track.click(False, beat)
    track.rest(0.6)
    track.say("Four four time. Beat one of every bar is accented.")
    track.rest(0.3)
    for i in range(16):
        track.click(i % 4 == 0, beat)
    track.rest(0.6)
    track.say("Three four time, like a waltz.")
    track.rest(0.3)
    for i in range(12):
        track.click(i % 3 == 0, beat)
    track.rest(0.8)
    patterns: list[tuple[str, list[float]]] = [
        ("Quarter notes: one note per beat.", [1, 1, 1, 1, 1, 1, 1, 1]),
        ("Eighth notes: two notes per beat.", [0.5] * 16),
        ("Half notes: one note every two beats.", [2, 2, 2, 2]),
        ("Pattern one: quarter, two eighths, half note.", [1, 0.5, 0.5, 2] * 2),
        ("Pattern two: dotted quarter, eighth, quarter, quarter.", [1.5, 0.5, 1, 1] * 2),
    ]
    for text, durations in patterns:
        track.say(text)
        track.rest(0.3)
        for i in range(4):  # one bar of count-in clicks
            track.click(i == 0, beat)
        track.rhythm(durations, bpm, n("E5"))
        track.rest(1.0)


# --- everyday-mandarin ---------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    hanzi: str
    pinyin: str  # as printed in the transcript (tone marks)
    tts: str  # numbered pinyin fed to espeak-ng, with 一/不 sandhi applied
    english: str


TONES = [
    Phrase("妈", "mā", "ma1", "First tone, high and level. Mother."),
    Phrase("麻", "má", "ma2", "Second tone, rising. Hemp."),
    Phrase("马", "mǎ", "ma3", "Third tone, low and dipping. Horse."),
    Phrase("骂", "mà", "ma4", "Fourth tone, falling. To scold."),
    Phrase("吗", "ma", "ma5", "Neutral tone, short and light. A question particle."),
]
TONE_PAIRS = [
    Phrase("你好", "nǐ hǎo", "ni3 hao3", "Hello. Two third tones: the first one rises."),
    Phrase("很好", "hěn hǎo", "hen3 hao3", "Very good."),
    Phrase("不好", "bù hǎo", "bu4 hao3", "Not good. Bu keeps its falling tone."),
    Phrase("不对", "bú duì", "bu2 dui4", "Not right. Before a falling tone, bu rises."),
    Phrase("一天", "yì tiān", "yi4 tian1", "One day. Yi before a first tone falls."),
    Phrase("一个", "yí gè", "yi2 ge4", "One item. Yi before a falling tone rises."),
    Phrase("谢谢", "xièxie", "xie4 xie5", "Thank you. The second syllable is neutral."),
]
GREETINGS = [
    Phrase("你好！", "Nǐ hǎo!", "ni3 hao3!", "Hello."),
    Phrase("您好！", "Nín hǎo!", "nin2 hao3!", "Hello, polite form."),
    Phrase("早上好！", "Zǎoshang hǎo!", "zao3 shang5 hao3!", "Good morning."),
    Phrase("晚上好！", "Wǎnshang hǎo!", "wan3 shang5 hao3!", "Good evening."),
    Phrase("你好吗？", "Nǐ hǎo ma?", "ni3 hao3 ma5?", "How are you?"),
    Phrase("我很好，谢谢。你呢？", "Wǒ hěn hǎo, xièxie. Nǐ ne?",
           "wo3 hen3 hao3, xie4 xie5. ni3 ne5?", "I'm fine, thanks. And you?"),
    Phrase("你叫什么名字？", "Nǐ jiào shénme míngzi?", "ni3 jiao4 shen2 me5 ming2 zi5?",
           "What is your name?"),
    Phrase("我叫李明。", "Wǒ jiào Lǐ Míng.", "wo3 jiao4 li3 ming2.", "My name is Li Ming."),
    Phrase("认识你很高兴。", "Rènshi nǐ hěn gāoxìng.", "ren4 shi5 ni3 hen3 gao1 xing4.",
           "Nice to meet you."),
    Phrase("谢谢！", "Xièxie!", "xie4 xie5!", "Thank you."),
    Phrase("不客气。", "Bú kèqi.", "bu2 ke4 qi5.", "You're welcome."),
    Phrase("对不起。", "Duìbuqǐ.", "dui4 bu5 qi3.", "Sorry."),
    Phrase("没关系。", "Méi guānxi.", "mei2 guan1 xi5.", "It doesn't matter."),
    Phrase("再见！", "Zàijiàn!", "zai4 jian4!", "Goodbye."),
    Phrase("明天见！", "Míngtiān jiàn!", "ming2 tian1 jian4!", "See you tomorrow."),
]
DIGITS = [
    Phrase("零", "líng", "ling2", "zero"), Phrase("一", "yī", "yi1", "one"),
    Phrase("二", "èr", "er4", "two"), Phrase("三", "sān", "san1", "three"),
    Phrase("四", "sì", "si4", "four"), Phrase("五", "wǔ", "wu3", "five"),
    Phrase("六", "liù", "liu4", "six"), Phrase("七", "qī", "qi1", "seven"),
    Phrase("八", "bā", "ba1", "eight"), Phrase("九", "jiǔ", "jiu3", "nine"),
    Phrase("十", "shí", "shi2", "ten"),
]
NUMBERS = [
    Phrase("十一", "shíyī", "shi2 yi1", "Eleven."),
    Phrase("十九", "shíjiǔ", "shi2 jiu3", "Nineteen."),
    Phrase("二十", "èrshí", "er4 shi2", "Twenty."),
    Phrase("二十五", "èrshíwǔ", "er4 shi2 wu3", "Twenty-five."),
    Phrase("九十九", "jiǔshíjiǔ", "jiu3 shi2 jiu3", "Ninety-nine."),
    Phrase("一百", "yìbǎi", "yi4 bai3", "One hundred."),
    Phrase("一百零五", "yìbǎi líng wǔ", "yi4 bai3 ling2 wu3", "One hundred and five."),
    Phrase("两百", "liǎngbǎi", "liang3 bai3", "Two hundred."),
    Phrase("一千", "yìqiān", "yi4 qian1", "One thousand."),
    Phrase("一万", "yíwàn", "yi2 wan4", "Ten thousand."),
    Phrase("两个人", "liǎng ge rén", "liang3 ge5 ren2", "Two people."),
    Phrase("多少钱？", "Duōshao qián?", "duo1 shao5 qian2?", "How much is it?"),
    Phrase("三十五块。", "Sānshíwǔ kuài.", "san1 shi2 wu3 kuai4.", "Thirty-five yuan."),
    Phrase("十二块五。", "Shí'èr kuài wǔ.", "shi2 er4 kuai4 wu3.", "Twelve yuan fifty."),
    Phrase("太贵了！", "Tài guì le!", "tai4 gui4 le5!", "Too expensive!"),
    Phrase("幺三八", "yāo sān bā", "yao1 san1 ba1",
           "One, three, eight, as in a phone number. One is read yao."),
]
FOOD = [
    Phrase("服务员！", "Fúwùyuán!", "fu2 wu4 yuan2!", "Waiter! Excuse me!"),
    Phrase("请给我菜单。", "Qǐng gěi wǒ càidān.", "qing3 gei3 wo3 cai4 dan1.",
           "Please give me the menu."),
    Phrase("我要一碗牛肉面。", "Wǒ yào yì wǎn niúròu miàn.",
           "wo3 yao4 yi4 wan3 niu2 rou4 mian4.", "I'd like a bowl of beef noodles."),
    Phrase("来一份饺子。", "Lái yí fèn jiǎozi.", "lai2 yi2 fen4 jiao3 zi5.",
           "A portion of dumplings, please."),
    Phrase("一杯茶", "yì bēi chá", "yi4 bei1 cha2", "A cup of tea."),
    Phrase("一瓶水", "yì píng shuǐ", "yi4 ping2 shui3", "A bottle of water."),
    Phrase("不要辣。", "Bú yào là.", "bu2 yao4 la4.", "Not spicy, please."),
    Phrase("微辣。", "Wēi là.", "wei1 la4.", "Mildly spicy."),
    Phrase("我不吃肉。", "Wǒ bù chī ròu.", "wo3 bu4 chi1 rou4.", "I don't eat meat."),
    Phrase("有素菜吗？", "Yǒu sùcài ma?", "you3 su4 cai4 ma5?", "Do you have vegetable dishes?"),
    Phrase("很好吃！", "Hěn hǎochī!", "hen3 hao3 chi1!", "Delicious!"),
    Phrase("买单！", "Mǎidān!", "mai3 dan1!", "The bill, please!"),
    Phrase("可以打包吗？", "Kěyǐ dǎbāo ma?", "ke3 yi3 da3 bao1 ma5?",
           "Can I take it away?"),
    Phrase("可以用微信支付吗？", "Kěyǐ yòng Wēixìn zhīfù ma?",
           "ke3 yi3 yong4 wei1 xin4 zhi1 fu4 ma5?", "Can I pay with WeChat Pay?"),
]
DIRECTIONS = [
    Phrase("请问，地铁站在哪里？", "Qǐngwèn, dìtiězhàn zài nǎlǐ?",
           "qing3 wen4, di4 tie3 zhan4 zai4 na3 li3?",
           "Excuse me, where is the metro station?"),
    Phrase("洗手间在哪里？", "Xǐshǒujiān zài nǎlǐ?", "xi3 shou3 jian1 zai4 na3 li3?",
           "Where is the restroom?"),
    Phrase("一直走。", "Yìzhí zǒu.", "yi4 zhi2 zou3.", "Go straight ahead."),
    Phrase("往前走。", "Wǎng qián zǒu.", "wang3 qian2 zou3.", "Walk forward."),
    Phrase("在第二个路口左转。", "Zài dì-èr ge lùkǒu zuǒ zhuǎn.",
           "zai4 di4 er4 ge5 lu4 kou3 zuo3 zhuan3.", "Turn left at the second crossing."),
    Phrase("在红绿灯右转。", "Zài hónglǜdēng yòu zhuǎn.",
           "zai4 hong2 lv4 deng1 you4 zhuan3.", "Turn right at the traffic lights."),
    Phrase("在左边。", "Zài zuǒbian.", "zai4 zuo3 bian5.", "It's on the left."),
    Phrase("在右边。", "Zài yòubian.", "zai4 you4 bian5.", "It's on the right."),
    Phrase("在银行对面。", "Zài yínháng duìmiàn.", "zai4 yin2 hang2 dui4 mian4.",
           "It's opposite the bank."),
    Phrase("远吗？", "Yuǎn ma?", "yuan3 ma5?", "Is it far?"),
    Phrase("不远，走路五分钟。", "Bù yuǎn, zǒulù wǔ fēnzhōng.",
           "bu4 yuan3, zou3 lu4 wu3 fen1 zhong1.", "Not far, five minutes on foot."),
    Phrase("附近有超市吗？", "Fùjìn yǒu chāoshì ma?", "fu4 jin4 you3 chao1 shi4 ma5?",
           "Is there a supermarket nearby?"),
    Phrase("我迷路了。", "Wǒ mílù le.", "wo3 mi2 lu4 le5.", "I'm lost."),
]


def mandarin_phrases(track: Track, title: str, phrases: Sequence[Phrase],
                     repeat: int = 2) -> None:
    """English cue, then the Mandarin phrase `repeat` times with room to repeat it aloud."""
    track.say(title)
    track.rest(0.8)
    for p in phrases:
        track.say(p.english)
        track.rest(0.4)
        for _ in range(repeat):
            track.zh(p.tts)
            track.rest(1.6)
        track.rest(0.3)


def mandarin_tones(track: Track) -> None:
    mandarin_phrases(track, "Lesson one. The four tones and the neutral tone.", TONES)
    track.say("All five in a row.")
    track.rest(0.4)
    track.zh("ma1, ma2, ma3, ma4, ma5.", speed=100)
    track.rest(1.5)
    track.say("Tone changes in common words.")
    track.rest(0.8)
    for p in TONE_PAIRS:
        track.say(p.english)
        track.rest(0.4)
        track.zh(p.tts)
        track.rest(1.6)
        track.zh(p.tts)
        track.rest(1.8)


def mandarin_greetings(track: Track) -> None:
    mandarin_phrases(track, "Lesson two. Greetings and polite phrases.", GREETINGS)


def mandarin_numbers(track: Track) -> None:
    track.say("Lesson three. Numbers and prices. First, zero to ten.")
    track.rest(0.8)
    for p in DIGITS:
        track.zh(p.tts)
        track.rest(1.2)
    track.rest(0.5)
    track.say("Again, a little faster.")
    track.rest(0.4)
    track.zh(", ".join(p.tts for p in DIGITS), speed=130)
    track.rest(1.5)
    mandarin_phrases(track, "Bigger numbers and prices.", NUMBERS, repeat=1)


def mandarin_food(track: Track) -> None:
    mandarin_phrases(track, "Lesson four. Ordering food.", FOOD)


def mandarin_directions(track: Track) -> None:
    mandarin_phrases(track, "Lesson five. Asking for directions.", DIRECTIONS)


@dataclass(frozen=True)
class AudioJob:
    out: str  # path relative to this folder
    build: Callable[[Track], None]
    quality: int = 1


AUDIO_JOBS = [
    AudioJob("music-theory-ear/lessons/02-major-scale.ogg", music_major_scale),
    AudioJob("music-theory-ear/lessons/03-intervals.ogg", music_intervals, quality=0),
    AudioJob("music-theory-ear/lessons/04-triads.ogg", music_triads),
    AudioJob("music-theory-ear/lessons/05-rhythm.ogg", music_rhythm, quality=0),
    AudioJob("everyday-mandarin/lessons/01-tones.ogg", mandarin_tones, quality=-1),
    AudioJob("everyday-mandarin/lessons/02-greetings.ogg", mandarin_greetings, quality=-1),
    AudioJob("everyday-mandarin/lessons/03-numbers.ogg", mandarin_numbers, quality=-1),
    AudioJob("everyday-mandarin/lessons/04-ordering-food.ogg", mandarin_food, quality=-1),
    AudioJob("everyday-mandarin/lessons/05-directions.ogg", mandarin_directions, quality=-1),
]


def make_audio(workdir: Path) -> list[Path]:
    for tool in ("sox", "espeak-ng"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install sox libsox-fmt-base espeak-ng)")
    written = []
    for job in AUDIO_JOBS:
        track = Track(workdir, Path(job.out).stem + "-" + Path(job.out).parent.parent.name)
        job.build(track)
        out = HERE / job.out
        track.render(out, job.quality)
        written.append(out)
    return written


# --------------------------------------------------------------------------------------------
# Video
# --------------------------------------------------------------------------------------------

FPS = 15
VIDEO_W, VIDEO_H = 640, 360
KEYBOARD = [n(x) for x in ("C4", "C#4", "D4", "D#4", "E4", "F4", "F#4", "G4", "G#4", "A4",
                            "A#4", "B4", "C5")]
SCALE_STEPS = "WWHWWWH"  # whole and half steps of the major scale
NOTE_NAMES = ["C", "D", "E", "F", "G", "A", "B", "C"]


@dataclass(frozen=True)
class Shot:
    """A stretch of the video: what sounds (``notes``, or ``speech``) and what is shown."""

    start: float
    length: float
    caption: str
    notes: tuple[int, ...] = ()
    speech: str = ""
    upto: int = -1  # scale degrees 0..upto are marked on the keyboard (and their steps)
    descending: bool = False


def scale_video_shots() -> list[Shot]:
    """The C major scale on a keyboard: up with its whole/half steps, down, then the tonic
    chord. About 14 seconds."""
    shots: list[Shot] = []
    t = 0.0

    def add(length: float, caption: str, notes: tuple[int, ...] = (), speech: str = "",
            upto: int = -1, descending: bool = False) -> None:
        nonlocal t
        shots.append(Shot(t, length, caption, notes, speech, upto, descending))
        t += length

    add(2.2, "The C major scale", speech="The C major scale.")
    for i, note in enumerate(C_MAJOR):
        step = "" if i == 0 else ("whole step" if SCALE_STEPS[i - 1] == "W" else "half step")
        add(0.6, f"{NOTE_NAMES[i]}  ·  degree {i + 1}" + (f"  ·  a {step} up" if step else ""),
            notes=(note,), upto=i)
    add(0.5, "Whole, whole, half, whole, whole, whole, half", upto=7)
    for i, note in enumerate(C_MAJOR[::-1]):
        add(0.45, f"Coming down: {NOTE_NAMES[7 - i]}", notes=(note,), upto=7, descending=True)
    add(1.8, "The tonic chord: C, E and G together", notes=(n("C4"), n("E4"), n("G4")),
        upto=7)
    add(0.4, "", upto=7)
    return shots


def _white_keys() -> list[int]:
    return [k for k in KEYBOARD if (k % 12) in (0, 2, 4, 5, 7, 9, 11)]


def paint_scale_frame(painter: QPainter, shot: Shot) -> None:
    """One frame: title, a one-octave keyboard with the sounding keys lit, the scale's
    degrees and whole/half steps marked so far, and the caption."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPen

    painter.fillRect(0, 0, VIDEO_W, VIDEO_H, QColor("#16223a"))
    painter.setPen(QColor("#f2f5fa"))
    painter.setFont(QFont("DejaVu Sans", 20, QFont.Weight.Bold))
    painter.drawText(QRectF(0, 14, VIDEO_W, 36), Qt.AlignmentFlag.AlignCenter,
                     "Music Theory · The major scale")
    whites = _white_keys()
    key_w, key_h = 64.0, 150.0
    left = (VIDEO_W - key_w * len(whites)) / 2
    top = 120.0
    lit = set(shot.notes)
    marked = set(C_MAJOR[: shot.upto + 1]) if shot.upto >= 0 else set()
    x_of: dict[int, float] = {}
    for i, k in enumerate(whites):
        rect = QRectF(left + i * key_w, top, key_w - 2, key_h)
        x_of[k] = rect.center().x()
        colour = "#ffcc4d" if k in lit else ("#dfe9fb" if k in marked else "#fbfbfb")
        painter.fillRect(rect, QColor(colour))
        painter.setPen(QPen(QColor("#0d1524"), 1))
        painter.drawRect(rect)
        painter.setPen(QColor("#33415c"))
        painter.setFont(QFont("DejaVu Sans", 13, QFont.Weight.Bold))
        painter.drawText(QRectF(rect.left(), rect.bottom() - 30, rect.width(), 24),
                         Qt.AlignmentFlag.AlignCenter, NOTE_NAMES[i])
        if k in marked:
            painter.setFont(QFont("DejaVu Sans", 10))
            painter.drawText(QRectF(rect.left(), rect.bottom() - 52, rect.width(), 20),
                             Qt.AlignmentFlag.AlignCenter, str(i + 1))
    for k in KEYBOARD:
        if k in whites:
            continue
        below = max(w for w in whites if w < k)
        x = x_of[below] + key_w / 2 - 19
        rect = QRectF(x, top, 38, key_h * 0.6)
        painter.fillRect(rect, QColor("#ffcc4d" if k in lit else "#1b1f27"))
    # whole/half steps between the degrees sounded so far (above the keys)
    painter.setFont(QFont("DejaVu Sans", 12, QFont.Weight.Bold))
    for i in range(min(shot.upto, 7)):
        a, b = x_of[C_MAJOR[i]], x_of[C_MAJOR[i + 1]]
        half = SCALE_STEPS[i] == "H"
        painter.setPen(QPen(QColor("#ff8a65" if half else "#8fd0ff"), 2))
        painter.drawLine(int(a + 6), int(top - 14), int(b - 6), int(top - 14))
        painter.drawText(QRectF(a, top - 44, b - a, 24), Qt.AlignmentFlag.AlignCenter,
                         "H" if half else "W")
    painter.setPen(QColor("#f2f5fa"))
    painter.setFont(QFont("DejaVu Sans", 15))
    painter.drawText(QRectF(0, VIDEO_H - 62, VIDEO_W, 40), Qt.AlignmentFlag.AlignCenter,
                     shot.caption)


def scale_video(workdir: Path, out: Path) -> None:
    """Render the frames with QPainter and the sound with sox/espeak-ng, then encode H.264 +
    AAC in an .mp4 with ffmpeg (one thread, bit-exact flags: repeatable output)."""
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])
    shots = scale_video_shots()
    total = shots[-1].start + shots[-1].length
    track = Track(workdir, "scale-video")
    for shot in shots:
        if shot.speech:
            track.say_within(shot.speech, shot.length)
        elif shot.notes:
            track.tones(list(shot.notes), shot.length * 0.9)
            track.rest(shot.length * 0.1)
        else:
            track.rest(shot.length)
    wav = workdir / "scale-video.wav"
    track.render_wav(wav)
    frames = workdir / "frames"
    frames.mkdir()
    image = QImage(VIDEO_W, VIDEO_H, QImage.Format.Format_RGB32)
    for i in range(round(total * FPS)):
        t = (i + 0.5) / FPS
        shot = next(s for s in shots if s.start <= t < s.start + s.length)
        image.fill(QColor("#000000"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_scale_frame(painter, shot)
        painter.end()
        if not image.save(str(frames / f"{i:04d}.png")):
            raise RuntimeError("could not write a video frame")
    del app
    out.parent.mkdir(parents=True, exist_ok=True)
    run(["ffmpeg", "-y", "-v", "error", "-framerate", str(FPS), "-i", str(frames / "%04d.png"),
         "-i", str(wav), "-map", "0:v", "-map", "1:a",
         "-c:v", "libx264", "-preset", "slow", "-tune", "animation", "-crf", "26",
         "-pix_fmt", "yuv420p", "-profile:v", "main", "-threads", "1",
         "-c:a", "aac", "-b:a", "64k", "-ac", "1", "-ar", "44100",
         "-shortest", "-movflags", "+faststart", "-map_metadata", "-1",
         "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
         str(out)])


VIDEO_JOBS = [("music-theory-ear/lessons/02b-scale-on-the-keyboard.mp4", scale_video)]


def make_videos(workdir: Path) -> list[Path]:
    for tool in ("ffmpeg", "sox", "espeak-ng"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install ffmpeg sox libsox-fmt-base "
                     "espeak-ng)")
    written = []
    for rel, build in VIDEO_JOBS:
        out = HERE / rel
        build(workdir, out)
        written.append(out)
    return written


# --------------------------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------------------------

PDF_CSS = """
body { font-family: 'DejaVu Sans'; font-size: 9.5pt; color: #1d2430; }
h1 { font-size: 18pt; color: #12355b; margin-bottom: 2pt; }
h2 { font-size: 12.5pt; color: #12355b; margin-top: 12pt; margin-bottom: 3pt; }
h3 { font-size: 10.5pt; color: #12355b; margin-top: 8pt; margin-bottom: 2pt; }
p { margin-top: 2pt; margin-bottom: 4pt; }
pre { font-family: 'DejaVu Sans Mono'; font-size: 8pt; background-color: #eef2f7; }
code { font-family: 'DejaVu Sans Mono'; font-size: 8.5pt; }
th { background-color: #12355b; color: #ffffff; font-weight: bold; }
td, th { padding: 2pt; }
.sub { color: #5a6475; font-size: 9pt; }
.note { background-color: #fff6dd; }
.small { font-size: 8pt; }
"""


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def table(header: Sequence[str], rows: Sequence[Sequence[object]],
          widths: Sequence[int] = ()) -> str:
    """An HTML table that QTextDocument renders with thin grid lines."""
    out = ['<table width="100%" border="1" cellspacing="0" cellpadding="3" '
           'style="border-color: #9aa5b4; border-style: solid;">']
    if header:
        out.append("<tr>")
        for i, h in enumerate(header):
            width = f' width="{widths[i]}%"' if widths else ""
            out.append(f"<th{width}>{esc(str(h))}</th>")
        out.append("</tr>")
    for row in rows:
        out.append("<tr>")
        for cell in row:
            out.append(f"<td>{cell}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def code(src: str) -> str:
    return f"<pre>{esc(src.strip())}</pre>"


# --- data-analysis-numpy: worked example + cheat sheet ---------------------------------------

CAFE_TEMP = [16, 18, 17, 21, 23, 25, 24, 19, 17, 16, 20, 22, 27, 28,
             22, 21, 24, 26, 25, 29, 30, 23, 20, 19, 22, 24, 26, 27]
CAFE_ICED = [25, 40, 29, 51, 67, 104, 105, 53, 28, 20, 54, 66, 125, 124,
             63, 62, 67, 86, 70, 128, 131, 68, 42, 46, 65, 75, 100, 120]
CAFE_HOT = [92, 87, 80, 75, 67, 84, 98, 79, 89, 98, 77, 75, 84, 81,
            68, 79, 78, 55, 72, 79, 71, 85, 86, 77, 76, 73, 85, 87]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def numpy_worked_example_html() -> str:
    temp = np.array(CAFE_TEMP, dtype=float)
    iced = np.array(CAFE_ICED)
    hot = np.array(CAFE_HOT)
    weekday = np.arange(temp.size) % 7
    weekend = weekday >= 5
    revenue = iced * 3.80 + hot * 3.20

    per_day_iced = np.bincount(weekday, weights=iced) / np.bincount(weekday)
    per_day_hot = np.bincount(weekday, weights=hot) / np.bincount(weekday)
    r_all = np.corrcoef(temp, iced)[0, 1]
    r_wd = np.corrcoef(temp[~weekend], iced[~weekend])[0, 1]
    r_hot = np.corrcoef(temp, hot)[0, 1]
    slope, intercept = np.polyfit(temp[~weekend], iced[~weekend], 1)
    weekend_extra = (iced[weekend] - (slope * temp[weekend] + intercept)).mean()
    best = int(revenue.argmax())
    worst = int(revenue.argmin())
    week_rev = revenue.reshape(4, 7).sum(axis=1)

    data_rows = [[str(d + 1), WEEKDAYS[d % 7], f"{CAFE_TEMP[d]}", str(CAFE_ICED[d]),
                  str(CAFE_HOT[d])] for d in range(14)]
    data_rows2 = [[str(d + 1), WEEKDAYS[d % 7], f"{CAFE_TEMP[d]}", str(CAFE_ICED[d]),
                   str(CAFE_HOT[d])] for d in range(14, 28)]
    data_table = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="49%">{table(["Day", "Weekday", "Max °C", "Iced", "Hot"], data_rows)}</td>'
        '<td width="2%"></td>'
        f'<td width="49%">{table(["Day", "Weekday", "Max °C", "Iced", "Hot"], data_rows2)}</td>'
        "</tr></table>"
    )
    summary_rows = [
        ["Iced drinks", f"{iced.sum():,}", f"{iced.mean():.1f}", f"{np.median(iced):.1f}",
         f"{iced.std(ddof=1):.1f}", f"{iced.min()}–{iced.max()}"],
        ["Hot drinks", f"{hot.sum():,}", f"{hot.mean():.1f}", f"{np.median(hot):.1f}",
         f"{hot.std(ddof=1):.1f}", f"{hot.min()}–{hot.max()}"],
    ]
    weekday_rows = [[WEEKDAYS[i], f"{per_day_iced[i]:.1f}", f"{per_day_hot[i]:.1f}"]
                    for i in range(7)]
    code_load = """
import numpy as np

temp = np.array([16, 18, 17, 21, 23, 25, 24, 19, 17, 16, 20, 22, 27, 28,
                 22, 21, 24, 26, 25, 29, 30, 23, 20, 19, 22, 24, 26, 27])
iced = np.array([...])          # the 28 values from the table, same for hot
hot = np.array([...])
weekday = np.arange(temp.size) % 7   # 0 = Monday ... 6 = Sunday
weekend = weekday >= 5               # Boolean mask
revenue = iced * 3.80 + hot * 3.20   # vectorised: one price per drink type
"""
    code_summary = """
print(iced.sum(), iced.mean(), np.median(iced), iced.std(ddof=1))
best = revenue.argmax()                       # index of the best day
weekly = revenue.reshape(4, 7).sum(axis=1)    # 4 weeks x 7 days -> 4 totals
"""
    code_group = """
counts = np.bincount(weekday)                         # 4 of each weekday
iced_by_day = np.bincount(weekday, weights=iced) / counts
hot_by_day = np.bincount(weekday, weights=hot) / counts
"""
    code_corr = """
r_all = np.corrcoef(temp, iced)[0, 1]
r_weekdays = np.corrcoef(temp[~weekend], iced[~weekend])[0, 1]
slope, intercept = np.polyfit(temp[~weekend], iced[~weekend], 1)
"""
    return f"""
<h1>Worked example: four weeks of café sales</h1>
<p class="sub">Data Analysis with NumPy · printable companion · CC BY 4.0</p>

<h2>The question</h2>
<p>Mira runs a small café. She has counted the iced and hot drinks sold every day for four
weeks (Monday 1 to Sunday 28), together with the day's maximum temperature. Iced drinks sell
for 3.80 and hot drinks for 3.20. She wants to know: <b>how much do the weather and the day of
the week drive sales, and how many iced drinks should she prepare for a hot weekday?</b></p>

<h2>The data</h2>
{data_table}

<h2>Step 1 · Load the data into arrays</h2>
<p>Keep each column as its own 1-D array of the same length: position <i>i</i> in every
array describes day <i>i</i>. Derived columns are single vectorised expressions.</p>
{code(code_load)}

<h2>Step 2 · Describe each series</h2>
{code(code_summary)}
{table(["Series", "Total", "Mean", "Median", "SD (ddof=1)", "Range"], summary_rows)}
<p>Iced drinks vary far more than hot drinks: their standard deviation is
{iced.std(ddof=1) / hot.std(ddof=1):.1f} times larger. The best day for revenue was day
{best + 1} ({WEEKDAYS[best % 7]}, {CAFE_TEMP[best]} °C, {revenue[best]:.2f}); the worst was
day {worst + 1} ({WEEKDAYS[worst % 7]}, {CAFE_TEMP[worst]} °C, {revenue[worst]:.2f}). Weekly
revenue was {", ".join(f"{w:.2f}" for w in week_rev)}.</p>

<h2 style="page-break-before: always;">Step 3 · Group by weekday</h2>
<p>The weekday numbers 0–6 are already group indices, so <code>np.bincount</code> with
weights gives the totals per weekday in one call; dividing by the counts gives means.</p>
{code(code_group)}
{table(["Weekday", "Mean iced", "Mean hot"], weekday_rows, widths=[34, 33, 33])}
<p>Saturdays and Sundays sell clearly more of <i>both</i> kinds of drink: mean iced sales are
{iced[weekend].mean():.1f} at weekends against {iced[~weekend].mean():.1f} on weekdays, and
hot sales {hot[weekend].mean():.1f} against {hot[~weekend].mean():.1f}. This month's weekends
also happened to be warmer (mean {temp[weekend].mean():.1f} °C against
{temp[~weekend].mean():.1f} °C), yet hot drinks, which sell <i>less</i> in warm weather, still
sold more: the weekend effect is mostly about footfall, not temperature.</p>

<h2>Step 4 · Temperature and iced drinks</h2>
{code(code_corr)}
<p>The correlation between temperature and iced sales is r = {r_all:.2f} over all 28 days.
Because weekends add customers regardless of the weather, a fair check compares like with
like: on weekdays only, r = {r_wd:.2f}, so the relationship is not an artefact of warm
weekends. Hot-drink sales fall slightly as it gets warmer (r = {r_hot:.2f}), a much weaker
effect.</p>
<p>A straight-line fit on weekdays gives <b>iced ≈ {slope:.1f} × temperature
{"−" if intercept < 0 else "+"} {abs(intercept):.1f}</b>: each extra degree brings about
{slope:.0f} more iced drinks. For a forecast of 28 °C on a weekday that predicts about
{slope * 28 + intercept:.0f} iced drinks.</p>

<h2>Step 5 · Conclusions and caveats</h2>
<ul>
<li>Prepare for roughly {slope:.0f} more iced drinks per extra °C. At weekends add about
{weekend_extra:.0f} on top of what the weekday line predicts for that temperature (the raw
weekend difference of {iced[weekend].mean() - iced[~weekend].mean():.0f} partly reflects the
warmer weekends).</li>
<li>Four weeks in late spring cover only 16–30 °C. Do not extrapolate the line to winter
or to heatwaves.</li>
<li>Correlation is not causation: temperature and sales could share other causes (school
holidays, events nearby). The weekday-only check removes one confounder, not all of them.</li>
<li>With 20 weekdays the fitted slope is uncertain by a few drinks per degree. Collect more
weeks before making large purchasing decisions.</li>
</ul>
<p class="note">Try it: compute the revenue share of iced drinks per week, and find which
weekday has the highest revenue per degree of temperature.</p>
"""


def numpy_cheat_sheet_html() -> str:
    rows = [
        ["Create", "<code>np.array(list)</code> · <code>np.arange(0, 10, 2)</code> · "
                   "<code>np.linspace(0, 1, 5)</code> · <code>np.zeros((2, 3))</code> · "
                   "<code>np.ones(n)</code> · <code>np.full(n, 7)</code>"],
        ["Random", "<code>rng = np.random.default_rng(42)</code> · "
                   "<code>rng.normal(0, 1, size=n)</code> · <code>rng.integers(1, 7, n)</code> · "
                   "<code>rng.choice(a, k)</code>"],
        ["Inspect", "<code>a.shape</code> · <code>a.ndim</code> · <code>a.dtype</code> · "
                    "<code>a.size</code> · <code>a.astype(float)</code>"],
        ["Reshape", "<code>a.reshape(3, -1)</code> · <code>a.ravel()</code> · <code>a.T</code> · "
                    "<code>a[:, np.newaxis]</code> · <code>np.concatenate([a, b])</code> · "
                    "<code>np.column_stack([x, y])</code>"],
        ["Index", "<code>a[i, j]</code> · <code>a[1:3, :]</code> · <code>a[:, 0]</code> · "
                  "<code>a[-1]</code> · slices are views: <code>a[0].copy()</code> for a copy"],
        ["Masks", "<code>a[a &gt; 0]</code> · <code>(a &gt; 0) &amp; (a &lt; 9)</code> · "
                  "<code>~m</code> · <code>m.sum()</code> counts True · <code>m.any()</code> · "
                  "<code>m.all()</code> · <code>a[m] = 0</code>"],
        ["Element-wise", "<code>+ - * / ** //</code> · <code>np.sqrt</code> · "
                         "<code>np.exp</code> · <code>np.log</code> · <code>np.abs</code> · "
                         "<code>np.round(a, 2)</code> · <code>np.clip(a, lo, hi)</code>"],
        ["Conditional", "<code>np.where(cond, x, y)</code> · "
                        "<code>np.select([c1, c2], [v1, v2], default)</code>"],
        ["Reduce", "<code>a.sum()</code> · <code>a.mean()</code> · <code>np.median(a)</code> · "
                   "<code>a.std(ddof=1)</code> · <code>a.var()</code> · <code>a.min()</code> · "
                   "<code>a.max()</code> · <code>a.argmax()</code> · <code>np.cumsum(a)</code>"],
        ["Axis", "<code>t.sum(axis=0)</code> one result per column · "
                 "<code>t.sum(axis=1)</code> one per row · <code>keepdims=True</code> keeps "
                 "the shape broadcastable"],
        ["Percentiles", "<code>np.percentile(a, [25, 50, 75])</code> · "
                        "<code>np.quantile(a, 0.9)</code> · IQR = Q3 − Q1"],
        ["Missing", "<code>np.nan</code> · <code>np.isnan(a)</code> · <code>np.nanmean</code> · "
                    "<code>np.nansum</code> · <code>np.nanmedian</code>"],
        ["Group", "<code>g, idx, cnt = np.unique(labels, return_inverse=True, "
                  "return_counts=True)</code> · <code>np.bincount(idx, weights=x)</code> · "
                  "<code>np.add.at(table, (i, j), x)</code> · <code>np.digitize(x, edges)</code>"],
        ["Sort", "<code>np.sort(a)</code> · <code>np.argsort(a)[::-1]</code> (descending order) · "
                 "<code>labels[order]</code>"],
        ["Relate", "<code>np.corrcoef(x, y)[0, 1]</code> · "
                   "<code>np.polyfit(x, y, 1)</code> → slope, intercept · "
                   "<code>np.histogram(a, bins=10)</code>"],
        ["Files", "<code>np.loadtxt('f.csv', delimiter=',', skiprows=1)</code> · "
                  "<code>np.genfromtxt(..., names=True)</code> · "
                  "<code>np.save('a.npy', a)</code> · <code>np.load('a.npy')</code>"],
    ]
    broadcasting = [
        ["(4, 3) and ()", "(4, 3)", "scalar applies to every element"],
        ["(4, 3) and (3,)", "(4, 3)", "one value per column"],
        ["(4, 3) and (4, 1)", "(4, 3)", "one value per row"],
        ["(4, 3) and (4,)", "error", "compare from the right: 3 vs 4"],
        ["(4, 1) and (1, 5)", "(4, 5)", "outer table of all combinations"],
    ]
    return f"""
<h1 style="page-break-before: always;">NumPy cheat sheet</h1>
<p class="sub">Everything from the course on one page. <code>import numpy as np</code></p>
{table(["Task", "Code"], rows, widths=[16, 84])}
<h2>Broadcasting rule</h2>
<p>Compare shapes from the right. Two dimensions fit when they are equal or one of them is 1;
a missing dimension counts as 1.</p>
{table(["Shapes", "Result", "Meaning"], broadcasting, widths=[30, 15, 55])}
<h2>Habits that avoid bugs</h2>
<ul>
<li>Print <code>a.shape</code> whenever a result looks wrong.</li>
<li>Seed your random generator so results are reproducible.</li>
<li>Say which standard deviation you mean: <code>ddof=0</code> (NumPy default) or
<code>ddof=1</code> (sample, pandas default).</li>
<li>Count NaNs before summarising; use the <code>nan*</code> functions deliberately.</li>
<li>Use <code>&amp;</code>, <code>|</code>, <code>~</code> with parentheses for masks, never
<code>and</code>/<code>or</code>.</li>
</ul>
"""


def numpy_pdf_html() -> str:
    return numpy_worked_example_html() + numpy_cheat_sheet_html()


# --- strength-training-basics: programme + log ----------------------------------------------

def strength_pdf_html() -> str:
    workout_a = [
        ["1", "Goblet squat → back squat from week 8 if technique is solid", "8–12",
         "Squat"],
        ["2", "Romanian deadlift (dumbbells or barbell)", "8–12", "Hinge"],
        ["3", "Push-up (hands raised if needed) or bench press", "6–12", "Push"],
        ["4", "One-arm dumbbell row", "10–15 each side", "Pull"],
        ["5", "Plank", "20–45 s", "Core"],
    ]
    workout_b = [
        ["1", "Split squat (bodyweight, then dumbbells)", "8–12 each leg", "Squat"],
        ["2", "Hip thrust or glute bridge", "10–15", "Hinge"],
        ["3", "Standing dumbbell or barbell overhead press", "6–12", "Push"],
        ["4", "Lat pull-down or band-assisted pull-up", "8–12", "Pull"],
        ["5", "Farmer's carry (heavy dumbbells)", "30–40 m", "Carry"],
    ]
    phases = [
        ["1–3", "Learn", "2 working sets", "3–4", "Find starting weights; film a set of each "
                                                  "lift; add reps before weight."],
        ["4–6", "Build", "3 working sets", "2–3", "Double progression on every exercise."],
        ["7", "Deload", "2 sets, −10 % weight", "4+", "Same exercises, easy effort; sleep."],
        ["8–11", "Progress", "3 working sets", "1–2", "Main lifts may use 6–10 reps with "
                                                     "slightly heavier loads."],
        ["12", "Review", "2–3 sets", "1–2", "Beat at least one earlier rep record per "
                                            "exercise with clean technique; plan the next "
                                            "block."],
    ]
    schedule = [
        ["Odd weeks (1, 3, 5 …)", "A", "rest", "B", "rest", "A", "rest", "rest"],
        ["Even weeks (2, 4, 6 …)", "B", "rest", "A", "rest", "B", "rest", "rest"],
    ]
    tall = "&nbsp;<br>&nbsp;"
    workouts = {"A": workout_a, "B": workout_b}

    def session_block(number: int, workout: str) -> str:
        rows = [[f"{esc(ex[1].split(' (')[0].split(' → ')[0])}<br>"
                 f"<span class='small'>{esc(ex[2])}</span>", tall, tall, tall, tall]
                for ex in workouts[workout]]
        return (f"<h3>Session {number} · Workout {workout}</h3>"
                f"<p class='small'>Date ______________ &nbsp; Sleep last night ____ h &nbsp; "
                f"Energy (1–5) ____</p>"
                + table(["Exercise · target reps", "Set 1  kg × reps", "Set 2  kg × reps",
                         "Set 3  kg × reps", "RIR / notes"],
                        rows, widths=[32, 15, 15, 15, 23]))

    def log_page(week_label: str, order: str) -> str:
        blocks = "".join(session_block(i, w) for i, w in enumerate(order, start=1))
        return (f'<h2 style="page-break-before: always;">Training log · {week_label} · '
                f"week no. ____</h2>"
                f"<p class='small'>Write the weight and reps of every working set, e.g. "
                f"<b>20 × 10</b>. When all sets reach the top of the rep range, circle the "
                f"exercise: next session, add the smallest weight step. Copy this page for "
                f"every week.</p>{blocks}"
                f"<p class='small'>Body weight (weekly average): ________ kg &nbsp; "
                f"Anything that hurt? ____________________________________</p>")

    return f"""
<h1>12-week beginner strength programme</h1>
<p class="sub">Strength Training Basics · printable programme and training log · CC BY 4.0</p>
<p>Three full-body sessions a week on non-consecutive days, alternating workout A and workout
B. Each session takes 45–60 minutes including the warm-up. Every session trains the squat,
hinge, push and pull patterns, so each pattern is practised three times a week.</p>

<h2>Weekly schedule</h2>
{table(["Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], schedule,
       widths=[23, 11, 11, 11, 11, 11, 11, 11])}
<p class="small">Any three non-consecutive days work (e.g. Tue/Thu/Sat). Walk or cycle on rest
days if you like; light activity helps recovery.</p>

<h2>Workout A</h2>
{table(["#", "Exercise", "Reps", "Pattern"], workout_a, widths=[5, 60, 20, 15])}
<h2>Workout B</h2>
{table(["#", "Exercise", "Reps", "Pattern"], workout_b, widths=[5, 60, 20, 15])}
<p class="small">Rest 2–3 minutes between sets of exercises 1–3 and 1–2 minutes for 4–5.
If an exercise hurts or the equipment is missing, swap it for another exercise of the
same pattern from the technique lesson.</p>

<h2>The 12 weeks</h2>
{table(["Weeks", "Phase", "Volume", "Reps in reserve", "Focus"], phases,
       widths=[11, 12, 19, 14, 44])}

<h2>How to progress: double progression</h2>
<ol>
<li>Pick a weight you can lift for the <b>bottom</b> of the rep range with about 3 reps in
reserve.</li>
<li>Each session, try to add one rep to some or all sets, keeping the technique you
practised.</li>
<li>When <b>all</b> working sets reach the <b>top</b> of the range, add the smallest weight
step next session (+2.5 kg lower body, +1–2.5 kg upper body or the next dumbbell) and start
again near the bottom of the range.</li>
<li>If you fail to add a rep for three sessions in a row on an exercise, reduce its weight
by 10 % and build up again, and check your sleep and food.</li>
</ol>

<h2>Warm-up before every session (8–10 minutes)</h2>
<ol>
<li>3–5 minutes of easy cardio: brisk walk, bike or rower.</li>
<li>10 bodyweight squats, 10 hip hinges with a broomstick, 10 arm circles each way,
10 band pull-aparts or wall slides.</li>
<li>Ramp-up sets for the first exercise: about 50 % × 8, 70 % × 5, 85 % × 3 of the working
weight, then start the working sets.</li>
</ol>

<h2>Rules of the programme</h2>
<ul>
<li>Technique first: stop a set when the form breaks down, even if you planned more reps.</li>
<li>Use the rack's safety arms for bench press and squats; never bench heavy alone without
them.</li>
<li>Sharp or joint pain means stop that exercise for the day and try a variation next
time. Muscle soreness 1–3 days later is normal.</li>
<li>Missed a week? Restart at about 90 % of your last weights. Missed a session? Just
continue with the next one; do not double up.</li>
<li>Eat about 1.6 g of protein per kg of body weight a day and sleep 7–9 hours.</li>
</ul>

<h2>Starting weights</h2>
{table(["Exercise", "Week 1 weight", "Week 6 weight", "Week 12 weight"],
       [[e, tall, tall, tall] for e in (
           "Goblet / back squat", "Romanian deadlift", "Push-up level / bench press",
           "One-arm row", "Split squat", "Hip thrust", "Overhead press", "Lat pull-down",
           "Farmer's carry")],
       widths=[40, 20, 20, 20])}
<p class="small">Fill this in at the start, middle and end. Seeing the numbers change is the
best motivation there is.</p>
{log_page("odd weeks", "ABA")}
{log_page("even weeks", "BAB")}
"""


@dataclass(frozen=True)
class PdfJob:
    out: str
    title: str
    author: str
    build: Callable[[], str]  # returns the HTML body


PDF_JOBS = [
    PdfJob("data-analysis-numpy/lessons/05-worked-example-and-cheat-sheet.pdf",
           "Worked example and NumPy cheat sheet", "Priya Raman", numpy_pdf_html),
    PdfJob("strength-training-basics/lessons/03-programme-and-log.pdf",
           "12-week beginner strength programme and training log", "Jonas Berg",
           strength_pdf_html),
]


def pin_pdf_metadata(data: bytes) -> bytes:
    """Replace the creation/modification timestamps with fixed ones of the same length."""
    data = re.sub(rb"D:\d{14}Z", b"D:" + FIXED_PDF_DATE.encode(), data)
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", FIXED_XMP_DATE.encode(), data)


def make_pdfs() -> list[Path]:
    from PySide6.QtCore import QMarginsF, QUuid
    from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    written = []
    for job in PDF_JOBS:
        out = HERE / job.out
        out.parent.mkdir(parents=True, exist_ok=True)
        writer = QPdfWriter(str(out))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle(job.title)
        writer.setAuthor(job.author)
        writer.setCreator("Satchel demo catalog (make_media.py)")
        writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, "satchel:" + job.out))))
        doc = QTextDocument()
        doc.setDefaultStyleSheet(PDF_CSS)
        doc.setHtml(f"<html><body>{job.build()}</body></html>")
        doc.print_(writer)
        del writer  # finishes and closes the file
        out.write_bytes(pin_pdf_metadata(out.read_bytes()))
        written.append(out)
    del app
    return written


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

SHARES = [("A", 50.2), ("B", 51.0), ("C", 52.1)]  # data-visualization-zh: customer approval rates


def draw_bar_panel(painter: QPainter, left: int, top: int, width: int, height: int,
                   label: str, y_min: float, y_max: float, ticks: Sequence[float]) -> None:
    """One bar chart of SHARES with the value axis running from y_min to y_max."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPen

    plot = QRectF(left + 70, top + 60, width - 100, height - 110)

    def y_of(value: float) -> float:
        return plot.bottom() - (value - y_min) / (y_max - y_min) * plot.height()

    painter.setFont(QFont("DejaVu Sans", 20, QFont.Weight.Bold))
    painter.setPen(QColor("#1d2430"))
    painter.drawText(QRectF(left, top, width, 44), Qt.AlignmentFlag.AlignCenter, label)
    painter.setFont(QFont("DejaVu Sans", 13))
    for t in ticks:
        y = y_of(t)
        painter.setPen(QPen(QColor("#e3e6ea"), 1))
        painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
        painter.setPen(QColor("#5a6475"))
        painter.drawText(QRectF(left, y - 12, 62, 24),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:g}")
    slot = plot.width() / len(SHARES)
    for i, (name, value) in enumerate(SHARES):
        x = plot.left() + i * slot + slot * 0.2
        bar = QRectF(x, y_of(value), slot * 0.6, plot.bottom() - y_of(value))
        painter.fillRect(bar, QColor("#2f6db5" if name == "C" else "#9fb3c8"))
        painter.setPen(QColor("#1d2430"))
        painter.drawText(QRectF(x, plot.bottom() + 6, slot * 0.6, 26),
                         Qt.AlignmentFlag.AlignCenter, name)
        painter.drawText(QRectF(x - 20, y_of(value) - 28, slot * 0.6 + 40, 24),
                         Qt.AlignmentFlag.AlignCenter, f"{value:.1f}%")
    painter.setPen(QPen(QColor("#1d2430"), 2))
    painter.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
    painter.drawLine(int(plot.left()), int(plot.top()), int(plot.left()), int(plot.bottom()))


def truncated_axis_png(out: Path) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(1200, 520, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    draw_bar_panel(painter, 0, 10, 600, 500, "(1)  49.5 – 52.5", 49.5, 52.5,
                   [49.5, 50.0, 50.5, 51.0, 51.5, 52.0, 52.5])
    draw_bar_panel(painter, 600, 10, 600, 500, "(2)  0 – 60", 0.0, 60.0,
                   [0, 10, 20, 30, 40, 50, 60])
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise RuntimeError(f"could not write {out}")


IMAGE_JOBS = [("data-visualization-zh/media/truncated-axis.png", truncated_axis_png)]


def make_images() -> list[Path]:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    written = []
    for rel, build in IMAGE_JOBS:
        out = HERE / rel
        build(out)
        written.append(out)
    del app
    return written


# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["pdf", "audio", "image", "video"],
                        help="generate one kind only")
    args = parser.parse_args(argv)
    written: list[Path] = []
    if args.only in (None, "pdf"):
        written += make_pdfs()
    if args.only in (None, "image"):
        written += make_images()
    if args.only in (None, "audio"):
        with tempfile.TemporaryDirectory(prefix="satchel-media-") as tmp:
            written += make_audio(Path(tmp))
    if args.only in (None, "video"):
        with tempfile.TemporaryDirectory(prefix="satchel-video-") as tmp:
            written += make_videos(Path(tmp))
    for path in written:
        print(f"{path.stat().st_size / 1024:7.1f} KiB  {path.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
