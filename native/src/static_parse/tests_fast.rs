//! The fast reader agrees with the full reader on every file it accepts (table and generated files).

use super::fast::plain_package_data;
use super::parse_package_bytes;

fn full(src: &str) -> Option<super::StaticPackage> {
    parse_package_bytes(src.as_bytes()).static_package()
}

#[test]
fn plain_files_read_as_the_full_reader_does() {
    let accepted = [
        "# -*- coding: utf-8 -*-\n\nname = 'cope'\n\nversion = '3.79.3'\n\nrequires = ['bonus-18.2.0+<19']\n\nvariants = [\n    ['wave-2.7', 'cartload-1.1.6'],\n    ['wave-3.6']\n]\n\ntimestamp = 1600129484\n\nformat_version = 2\n",
        "name = \"a\"",
        "name = 'a'  # trailing\nversion = ''\nrequires = []\nvariants = [[]]\n",
        "name = 'a'\nname = 'b'\nrequires = ['x', # why\n  'y',]\n",
        "  # indented comment\n\n   \nname = 'a'\nx = 0\ny = [1, [2, 'q'], []]\n",
        "name = 'a'\nversion = \"it's\"\nrequires = [\"#not a comment\"]\n",
    ];
    for src in accepted {
        let fast = plain_package_data(src.as_bytes());
        assert!(fast.is_some(), "{src:?}");
        assert_eq!(fast, full(src), "{src:?}");
    }
    let left_to_full_reader = [
        "name = 'a'\nversion = 1\n",               // wrong type
        "name = 'a'\nrequires = 'x'\n",            // wrong type
        "name = 'a'\nvariants = ['x']\n",          // wrong type
        "version = '1'\n",                         // no name
        "name = 'a'\nrequires = \\\n  ['x']\n",    // continuation
        "name = 'a'\nx = '''doc'''\n",             // triple quotes
        "name = r'a'\n",                           // prefix
        "name = 'a' 'b'\n",                        // concatenation
        "name = 'a'\n  version = '1'\n",           // indentation
        "name = 'a'\ndef commands():\n    pass\n", // code
        "name = 'a'\nx = 007\n",                   // invalid literal
        "name = 'a'\nx = 1.5\n",                   // other literal
        "name = 'a'\nif = 1\n",                    // keyword
        "name = 'a'\r\n",                          // CRLF
        "name = '\u{e9}'\n",                       // non-ASCII
        "name = 'a'\nrequires = ['x'\n",           // unclosed
        "name = 'a'; version = '1'\n",             // two statements
        "name = 'a'\nx = y = 1\n",                 // chained
        "name = 'a'\nrequires = ('x',)\n",         // tuple
    ];
    for src in left_to_full_reader {
        assert!(plain_package_data(src.as_bytes()).is_none(), "{src:?}");
    }
}

/// Files put together from plain and tricky pieces: whatever the fast reader accepts, the full
/// reader reads the same way.
#[test]
fn generated_files_agree_with_the_full_reader() {
    const PIECES: &[&str] = &[
        "name = 'foo'\n",
        "name = \"bar\"\n",
        "name = 1\n",
        "version = '1.0'\n",
        "version = \"2\"\n",
        "version = ''\n",
        "requires = ['a-1', \"b\"]\n",
        "requires = []\n",
        "requires = [\n  'c', # note\n  'd',\n]\n",
        "requires = 'e'\n",
        "requires = [['f']]\n",
        "variants = [['py-2'], ['py-3', 'g']]\n",
        "variants = [[]]\n",
        "variants = ['h']\n",
        "variants = []\n",
        "timestamp = 1600129484\n",
        "x = 0\n",
        "x = 00\n",
        "x = 0x1\n",
        "x = 1e3\n",
        "x = 1_0\n",
        "# comment\n",
        "\n",
        "   \n",
        "  # c\n",
        "  y = 1\n",
        "z = [1, 'two', [3]]\n",
        "w = '#'\n",
        "w = ''\n",
        "w = '''\n",
        "w = 'a\n",
        "w = 'it''s'\n",
        "name.x = 1\n",
        "name == 'a'\n",
        "name = 'a' # c\n",
        "name='tight'\n",
        "name = ['l']\n",
        "True = 1\n",
        "match = 1\n",
        "_ = '_'\n",
        "del name\n",
        "name += 'x'\n",
        "x = [\n",
        "]\n",
        "x = [1,,]\n",
        "x = [,]\n",
        "x = ['a' 'b']\n",
        "x = -1\n",
        "x = [] # e\n",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut accepted = 0;
    for _ in 0..20_000 {
        let mut src = String::new();
        for _ in 0..next(7) + 1 {
            src.push_str(PIECES[next(PIECES.len())]);
        }
        if next(4) == 0 {
            src.pop(); // no final newline
        }
        if let Some(fast) = plain_package_data(src.as_bytes()) {
            accepted += 1;
            assert_eq!(Some(fast), full(&src), "{src:?}");
        }
    }
    assert!(accepted > 500, "only {accepted} generated files were plain");
}
