//! Exposes the FFmpeg version that ffmpeg-sys-next found as cfgs
//! (`ffmpeg_5_1`, `ffmpeg_6_0`, `ffmpeg_7_0`, …), so the media code can follow
//! the API differences between FFmpeg releases (Debian 12 ships 5.1; newer
//! systems ship 6–8).

fn main() {
    for (key, value) in std::env::vars() {
        let Some(feature) = key.strip_prefix("DEP_FFMPEG_") else {
            continue;
        };
        let feature = feature.to_lowercase();
        if feature.starts_with("ffmpeg_") {
            println!("cargo:rustc-check-cfg=cfg({feature})");
            if value == "true" {
                println!("cargo:rustc-cfg={feature}");
            }
        }
    }
    // Declare the cfgs the code uses even when FFmpeg is too old to set them.
    for known in ["ffmpeg_6_0", "ffmpeg_7_0", "ffmpeg_8_0"] {
        println!("cargo:rustc-check-cfg=cfg({known})");
    }
}
