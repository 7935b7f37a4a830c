// Package images decodes uploaded images and makes the resized variants,
// aspect crops and placeholders a site serves.
//
// Decode sniffs the format from the bytes (JPEG, PNG, GIF, WebP, BMP, TIFF),
// refuses from their header images over the Limits (pixels, decoded bytes)
// and JPEGs of more than MaxJPEGScans scans, stops a decode at its
// deadline, decodes 16-bit PNGs straight to 8 bits, applies the EXIF
// orientation and normalises the pixels to a *image.YCbCr, *image.Gray or
// *image.NRGBA. Process then makes every variant width and crop and encodes
// each as JPEG, WebP or PNG; MakePlaceholder makes a dominant colour and a
// tiny blurred preview.
//
// Speed comes from never leaving the decoder's representation: a JPEG's Y, Cb
// and Cr planes are resized as they are (chroma at its subsampled size) by a
// separable fixed-point Lanczos-3 resampler, after an integer box shrink when
// the reduction is 2× or more (the approach of libvips), and handed to the
// JPEG encoder as *image.YCbCr. Smaller variants and crops are made from the
// nearest larger variant already made, not from the full-size source.
//
// Nothing in this package starts goroutines: each call runs on the caller's
// goroutine, and callers process several images at once to use several
// cores. Every function is safe to call concurrently on different or the
// same *Source (a Source is never modified).
package images
