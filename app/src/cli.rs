//! The command line: `inbetween [PROJECT]` and its subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use inbetween_engine::export::Preset;

/// Inbetween: a storyboard editor that fills the gaps between story cards
/// with frames generated on this computer.
#[derive(Debug, Parser)]
#[command(
    name = "inbetween",
    version,
    about = "Inbetween: a storyboard editor that fills the gaps between story cards on the device",
    long_about = "Inbetween: a storyboard editor that fills the gaps between story cards on the device.\n\n\
        Run with no command to open the editor, optionally on a project folder.\n\
        A project is a folder with project.json and media/.",
    after_help = "Examples:\n  \
        inbetween                       open the editor\n  \
        inbetween projects/demo         open the editor on the demo project\n  \
        inbetween check projects/demo   validate a project and print its summary\n  \
        inbetween render projects/demo -o demo.mp4 --preset 720p\n  \
        inbetween frame projects/demo --at 00:00:05:12 -o frame.png\n  \
        inbetween interpolate a.png b.png --t 0.5 -o mid.png --model ifnet   (after scripts/install-weights)\n\n\
        Exit status: 0 success, 1 the project or command failed, 2 bad arguments.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The project folder (or its project.json) to open in the editor.
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,

    /// What to do instead of opening the editor.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Run IFNet at this scale (0.25 to 1): 0.5 estimates its flows at half
    /// size, several times faster and a little less precise.
    #[arg(long, global = true, value_name = "S", default_value_t = 1.0)]
    pub ifnet_scale: f64,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a project and print a summary: cards, gaps, duration, missing media.
    ///
    /// Exits with status 1 and a message naming the file and the problem when
    /// the project cannot be opened (invalid JSON, a schema from a newer
    /// Inbetween, overlapping cards, duplicate ids, negative durations, …).
    /// Missing media files are listed as warnings; the project still opens.
    Check {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// Also fail (status 1) on warnings and missing media.
        #[arg(long)]
        strict: bool,
    },
    /// Export the film: an MP4 (H.264 + AAC, faststart) or a folder of PNGs.
    ///
    /// Checks the project and its media before writing anything; writes to a
    /// temporary file beside OUTPUT and renames it only when complete, so a
    /// failed or interrupted export never leaves a broken file at OUTPUT.
    Render {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// The film to write (.mp4), its sound alone (.wav), or with
        /// --format png a new folder.
        #[arg(short, long, value_name = "OUTPUT")]
        output: PathBuf,
        /// Frame size: 720 or 1080 lines in the project's shape [default: the project's resolution].
        #[arg(long, value_enum)]
        preset: Option<PresetArg>,
        /// Only these frames, START..END (END not included), as frames (48), seconds (2s) or timecodes.
        #[arg(long, value_name = "START..END")]
        frames: Option<String>,
        /// mp4 or png [default: from OUTPUT's extension].
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// IFNet weights (a RIFE PyTorch checkpoint or .safetensors), for gaps that use the IFNet model; default: the installed ones (scripts/install-weights).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
        /// Read generated frames from DIR (as `fill --cache DIR` wrote them).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Render one frame of the film to a PNG.
    Frame {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// The frame, as a frame number (48), seconds (2s, 1.5s) or a timecode (HH:MM:SS:FF).
        #[arg(long, value_name = "TIMECODE")]
        at: String,
        /// The PNG to write.
        #[arg(short, long, value_name = "OUTPUT")]
        output: PathBuf,
        /// Frame size: 720 or 1080 lines in the project's shape [default: the project's resolution].
        #[arg(long, value_enum)]
        preset: Option<PresetArg>,
        /// IFNet weights (a RIFE PyTorch checkpoint or .safetensors), for gaps that use the IFNet model; default: the installed ones (scripts/install-weights).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
    },
    /// Generate the project's gaps, so that `render` shows them moving.
    ///
    /// Frames are generated at the project's resolution and stored in the
    /// project's .cache/gaps; gaps whose inputs have not changed are kept.
    Fill {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// Only gap N (1 is the film's first gap).
        #[arg(long, value_name = "N")]
        gap: Option<usize>,
        /// IFNet weights (a RIFE PyTorch checkpoint or .safetensors), for gaps that use the IFNet model; default: the installed ones (scripts/install-weights).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
        /// Keep the generated frames in DIR instead of the project's
        /// .cache/gaps (a cache shared by several machines).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Generate nothing: list each gap's job (number, cache key, model,
        /// whether its frames are cached), for a render farm's scheduler.
        #[arg(long)]
        list: bool,
        /// With --list: print JSON (one array of jobs).
        #[arg(long, requires = "list")]
        json: bool,
    },
    /// Make the frame at time T between two images, as a gap model fills a gap.
    ///
    /// A second image of another size is resampled to the first's size (and
    /// a note says so). t = 0 gives A, t = 1 gives B.
    Interpolate {
        /// The frame before (t = 0).
        #[arg(value_name = "A")]
        a: PathBuf,
        /// The frame after (t = 1).
        #[arg(value_name = "B")]
        b: PathBuf,
        /// Where between them, from 0 to 1.
        #[arg(long, value_name = "T", default_value_t = 0.5)]
        t: f64,
        /// The PNG to write.
        #[arg(short, long, value_name = "OUTPUT")]
        output: PathBuf,
        /// The gap's mode: auto, motion, dissolve, camera-move, hold or cut.
        #[arg(long, value_name = "MODE", default_value = "auto")]
        mode: String,
        /// Use this gap model instead of the mode's own (motion, dissolve,
        /// camera, hold; ifnet and fused with weights).
        #[arg(long, value_name = "MODEL")]
        model: Option<String>,
        /// IFNet weights (a RIFE PyTorch checkpoint or .safetensors): makes the ifnet and fused models available; default: the installed ones (scripts/install-weights).
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
    },
    /// Write the cut for an editor: the story track, the audio lanes and the
    /// markers as an OpenTimelineIO timeline (.otio), Final Cut Pro XML 1.10
    /// (.fcpxml, which DaVinci Resolve reads) or a CMX3600 EDL (.edl).
    ///
    /// Image and clip cards become clips of their media (file URLs), text
    /// cards titles, dissolves between stills transitions, other gaps gaps;
    /// shot numbers, scenes, prompts, dialogue, action and notes go in each
    /// item's metadata (OTIO), note and metadata (FCPXML) or comments (EDL).
    ExportTimeline {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// The timeline file to write: .otio, .fcpxml or .edl.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Also write each text card (a PNG) and each gap (an MP4 of its
        /// generated frames, or its draft where `fill` has not made them)
        /// into a folder beside the timeline (cut.otio: cut_media/), and use
        /// them in the timeline, so the editor sees what the film shows.
        #[arg(long)]
        with_media: bool,
        /// IFNet weights, to find gaps generated with IFNet in the cache; default: the installed ones.
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
    },
    /// Make a project of an OpenTimelineIO timeline (.otio).
    ///
    /// The first video track's clips become cards (stills and clips by their
    /// media, clips without media text cards), gaps stay gaps, dissolves
    /// become dissolve gaps, audio tracks audio lanes, markers markers; times
    /// at another rate are converted to the timeline's first rate. The media
    /// is copied into the project's media/ folder. The file is checked whole
    /// first: on any problem nothing is written.
    ImportTimeline {
        /// The timeline to read (.otio).
        #[arg(value_name = "TIMELINE")]
        timeline: PathBuf,
        /// The project folder to make (new or empty).
        #[arg(short, long, value_name = "PROJECT_DIR")]
        output: PathBuf,
    },
    /// Print the boards: a PDF of the story's panels.
    ///
    /// Each panel shows the card's picture (a clip's first frame), its shot
    /// number, its duration (timecode and seconds), its description (the
    /// prompt), dialogue, action and notes. Each page names the project, the
    /// scenes on it, the date, the aspect and page n / N. Text too long for
    /// its panel continues on a panel of its own. Scripts Inter lacks
    /// (Japanese, Chinese, Arabic…) are set in the machine's own fonts.
    Boards {
        /// The project folder (or its project.json).
        #[arg(value_name = "PROJECT")]
        project: PathBuf,
        /// The PDF to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Panels per page, across x down.
        #[arg(long, value_enum, default_value = "3x2")]
        layout: LayoutArg,
        /// The paper size.
        #[arg(long, value_enum, default_value = "a4")]
        paper: PaperArg,
        /// Which way up the paper is.
        #[arg(long, value_enum, default_value = "landscape")]
        orientation: OrientationArg,
        /// Also print each gap's middle frame as a small panel between its
        /// cards (the generated frame where `fill` made it, else the draft).
        #[arg(long)]
        gaps: bool,
        /// IFNet weights, to find gaps generated with IFNet in the cache; default: the installed ones.
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
    },
    /// Open the editor (the same as giving no command).
    Open {
        /// The project folder (or its project.json) to open.
        #[arg(value_name = "PROJECT")]
        project: Option<PathBuf>,
    },
}

/// `--preset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// 720 lines (1280x720 for 16:9).
    #[value(name = "720p")]
    P720,
    /// 1080 lines (1920x1080 for 16:9).
    #[value(name = "1080p")]
    P1080,
}

impl PresetArg {
    /// The engine's preset.
    pub fn preset(self) -> Preset {
        match self {
            PresetArg::P720 => Preset::P720,
            PresetArg::P1080 => Preset::P1080,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// H.264 + AAC in an MP4.
    Mp4,
    /// A folder of PNG files.
    Png,
    /// The sound alone, as a WAV file.
    Wav,
}

/// `boards --layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Three across, two down.
    #[value(name = "3x2")]
    ThreeByTwo,
    /// Two across, two down.
    #[value(name = "2x2")]
    TwoByTwo,
    /// Three across, three down.
    #[value(name = "3x3")]
    ThreeByThree,
    /// Two side by side.
    #[value(name = "2x1")]
    TwoByOne,
    /// One panel a page.
    #[value(name = "1x1")]
    OneByOne,
}

impl LayoutArg {
    /// The engine's grid.
    pub fn grid(self) -> inbetween_engine::boards::Grid {
        let name = match self {
            LayoutArg::ThreeByTwo => "3x2",
            LayoutArg::TwoByTwo => "2x2",
            LayoutArg::ThreeByThree => "3x3",
            LayoutArg::TwoByOne => "2x1",
            LayoutArg::OneByOne => "1x1",
        };
        inbetween_engine::boards::Grid::named(name)
            .unwrap_or(inbetween_engine::boards::Grid::NAMED[0].1)
    }
}

/// `boards --paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// `boards --orientation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    /// Wider than tall.
    Landscape,
    /// Taller than wide.
    Portrait,
}
