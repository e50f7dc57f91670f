//! What the user can ask of the editor. Views return commands; the editor
//! applies them in one place ([`super::EditorApp::execute`]). Menu entries and
//! keyboard shortcuts come from [`Command::label`] and [`SHORTCUTS`].

use eframe::egui::{Key, KeyboardShortcut, Modifiers};
use inbetween_engine::project::{CardId, GapKey};
use inbetween_engine::timeline::Edit;

/// What is selected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// Nothing: the inspector shows the project.
    #[default]
    Nothing,
    /// One or more cards.
    Cards(Vec<CardId>),
    /// One gap.
    Gap(GapKey),
    /// A sound on an audio lane.
    Sound(inbetween_engine::project::AudioClipId),
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Make a new project (in a folder the user chooses).
    New,
    /// Open a project (a folder the user chooses).
    Open,
    /// Open the project in this folder (Open Recent).
    OpenPath(std::path::PathBuf),
    /// Write project.json.
    Save,
    /// Save the project into another folder, with its media.
    SaveAs,
    /// Copy media files into the project as cards at the playhead.
    ImportMedia,
    /// Show the Export film dialog.
    ExportFilm,
    /// Show the Export boards dialog (a PDF of the panels).
    ExportBoards,
    /// Show the Export timeline dialog (OTIO, FCPXML, EDL).
    ExportTimeline,
    /// Make a project of an OpenTimelineIO file.
    ImportTimeline,
    /// Choose another picture or clip for a card (also to relink one whose
    /// file is missing).
    ReplaceMedia(CardId),
    /// Close the window (asking about unsaved changes).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Remove the selected cards (later cards stay where they are).
    Delete,
    /// Remove the selected cards and close up the story track after them.
    RippleDelete,
    /// Make a text card at this frame (None: the playhead), sized to the
    /// gap or empty space there.
    NewTextCard(Option<i64>),
    /// A copy of each selected card right after it (later cards move along).
    Duplicate,
    /// Show the board view in the timeline's place, or the timeline again.
    ToggleBoardView,
    /// Copy the selected cards, then remove them.
    Cut,
    /// Copy the selected cards.
    Copy,
    /// Put the copied cards at the playhead (or after the film's end when
    /// something is in the way).
    Paste,
    /// Select every card.
    SelectAll,
    /// Play or pause.
    TogglePlay,
    /// J (-1), K (0) and L (+1): shuttle backwards, stop, shuttle forwards;
    /// pressing J or L again plays faster.
    Shuttle(i8),
    /// Move the playhead by this many frames (pausing).
    StepFrames(i64),
    /// To the film's first frame.
    GoToStart,
    /// To the film's last frame.
    GoToEnd,
    /// Loop playback between the in and out points (or the whole film).
    ToggleLoop,
    /// Mark the playhead as the in point.
    MarkIn,
    /// Mark the playhead as the out point.
    MarkOut,
    /// Timeline zoom in.
    ZoomIn,
    /// Timeline zoom out.
    ZoomOut,
    /// Show the whole film in the timeline.
    ZoomToFit,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show what Inbetween is.
    ShowAbout,
    /// Show the preferences (the neural model's weights).
    ShowPreferences,
    /// Move the playhead to a frame.
    Seek(i64),
    /// Replace the selection.
    Select(Selection),
    /// Add a card to the selection or take it out (Shift/Ctrl-click).
    ToggleInSelection(CardId),
    /// Change the document (one undo step, or part of the open gesture).
    Edit(Edit),
    /// Generate a gap's frames again (throwing away the cached ones).
    RegenerateGap(GapKey),
    /// Make a gap in each way that applies, to compare (its takes).
    GenerateTakes(GapKey),
    /// Put markers at the beats of a sound on an audio lane.
    DetectBeats(inbetween_engine::project::AudioClipId),
    /// Start a gesture: the edits until [`Command::EndGesture`] are one step.
    BeginGesture(&'static str),
    /// End the open gesture.
    EndGesture,
    /// Copy files into the project and make cards of them from a frame on.
    Import(Vec<std::path::PathBuf>, i64),
    /// Edit a card's camera move framing on the preview (the playhead goes
    /// to that end of the card), or stop (None).
    EditFraming(Option<super::framing::FramingEdit>),
}

impl Command {
    /// The command's name in menus and in the shortcut list.
    pub fn label(&self) -> String {
        match self {
            Command::New => "New…".into(),
            Command::Open => "Open…".into(),
            Command::OpenPath(path) => path.display().to_string(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save As…".into(),
            Command::ImportMedia => "Import Media…".into(),
            Command::ExportFilm => "Export Film…".into(),
            Command::ExportBoards => "Export Boards…".into(),
            Command::ExportTimeline => "Export Timeline…".into(),
            Command::ImportTimeline => "Import Timeline…".into(),
            Command::ReplaceMedia(_) => "Replace media…".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Delete => "Delete".into(),
            Command::RippleDelete => "Ripple delete".into(),
            Command::NewTextCard(_) => "New text card".into(),
            Command::Duplicate => "Duplicate cards".into(),
            Command::ToggleBoardView => "Board view".into(),
            Command::Cut => "Cut cards".into(),
            Command::Copy => "Copy cards".into(),
            Command::Paste => "Paste cards".into(),
            Command::SelectAll => "Select all cards".into(),
            Command::TogglePlay => "Play / pause".into(),
            Command::Shuttle(-1) => "Shuttle backwards (again: faster)".into(),
            Command::Shuttle(1) => "Shuttle forwards (again: faster)".into(),
            Command::Shuttle(_) => "Stop".into(),
            Command::StepFrames(n) if *n < 0 => format!("Back {} frame(s)", -n),
            Command::StepFrames(n) => format!("Forward {n} frame(s)"),
            Command::GoToStart => "Go to start".into(),
            Command::GoToEnd => "Go to end".into(),
            Command::ToggleLoop => "Loop playback".into(),
            Command::MarkIn => "Mark in".into(),
            Command::MarkOut => "Mark out".into(),
            Command::ZoomIn => "Zoom in".into(),
            Command::ZoomOut => "Zoom out".into(),
            Command::ZoomToFit => "Zoom to fit the film".into(),
            Command::ShowShortcuts => "Keyboard shortcuts".into(),
            Command::ShowAbout => "About Inbetween".into(),
            Command::ShowPreferences => "Preferences…".into(),
            Command::Seek(frame) => format!("Go to frame {frame}"),
            Command::Select(_) | Command::ToggleInSelection(_) => "Select".into(),
            Command::Edit(edit) => edit.label(),
            Command::RegenerateGap(_) => "Regenerate gap".into(),
            Command::GenerateTakes(_) => "Generate takes".into(),
            Command::DetectBeats(_) => "Detect beats".into(),
            Command::BeginGesture(label) => (*label).into(),
            Command::EndGesture => "End gesture".into(),
            Command::Import(..) => "Import media".into(),
            Command::EditFraming(Some(edit)) => format!("Edit {} framing", edit.end.label()),
            Command::EditFraming(None) => "Done framing".into(),
        }
    }

    /// The command's first shortcut, for menus.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        SHORTCUTS.iter().find(|(c, _)| c == self).map(|(_, s)| *s)
    }
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const NONE: Modifiers = Modifiers::NONE;
const COMMAND: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const COMMAND_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Every keyboard shortcut, as editing tools have them. More specific
/// shortcuts (with more modifiers) come first: they are tried in this order.
pub const SHORTCUTS: [(Command, KeyboardShortcut); 37] = [
    (Command::Redo, key(COMMAND_SHIFT, Key::Z)),
    (Command::SaveAs, key(COMMAND_SHIFT, Key::S)),
    (Command::ExportFilm, key(COMMAND_SHIFT, Key::E)),
    (Command::New, key(COMMAND, Key::N)),
    (Command::Open, key(COMMAND, Key::O)),
    (Command::ImportMedia, key(COMMAND, Key::I)),
    (Command::Undo, key(COMMAND, Key::Z)),
    (Command::Redo, key(COMMAND, Key::Y)),
    (Command::Save, key(COMMAND, Key::S)),
    (Command::SelectAll, key(COMMAND, Key::A)),
    (Command::Cut, key(COMMAND, Key::X)),
    (Command::Copy, key(COMMAND, Key::C)),
    (Command::Paste, key(COMMAND, Key::V)),
    (Command::Duplicate, key(COMMAND, Key::D)),
    (Command::ToggleBoardView, key(COMMAND, Key::B)),
    (Command::Quit, key(COMMAND, Key::Q)),
    (Command::ToggleLoop, key(COMMAND, Key::L)),
    (Command::RippleDelete, key(SHIFT, Key::Delete)),
    (Command::RippleDelete, key(SHIFT, Key::Backspace)),
    (Command::StepFrames(-10), key(SHIFT, Key::ArrowLeft)),
    (Command::StepFrames(10), key(SHIFT, Key::ArrowRight)),
    (Command::TogglePlay, key(NONE, Key::Space)),
    (Command::Shuttle(-1), key(NONE, Key::J)),
    (Command::Shuttle(0), key(NONE, Key::K)),
    (Command::Shuttle(1), key(NONE, Key::L)),
    (Command::StepFrames(-1), key(NONE, Key::ArrowLeft)),
    (Command::StepFrames(1), key(NONE, Key::ArrowRight)),
    (Command::GoToStart, key(NONE, Key::Home)),
    (Command::GoToEnd, key(NONE, Key::End)),
    (Command::NewTextCard(None), key(NONE, Key::T)),
    (Command::MarkIn, key(NONE, Key::I)),
    (Command::MarkOut, key(NONE, Key::O)),
    (Command::Delete, key(NONE, Key::Delete)),
    (Command::Delete, key(NONE, Key::Backspace)),
    (Command::ZoomIn, key(NONE, Key::Plus)),
    (Command::ZoomIn, key(NONE, Key::Equals)),
    (Command::ZoomOut, key(NONE, Key::Minus)),
];
