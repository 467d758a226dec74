;;; eglot_driver.el --- Headless Emacs + eglot end-to-end driver for pyrer's language server  -*- lexical-binding: t -*-
;; Loads a client configuration (the tested snippet of docs/editors/emacs.md, path in $PYRER_EMACS_CONFIG), opens a
;; package.py ($PYRER_EMACS_PACKAGE) whose requirements follow accents, an emoji and CJK text on the same line, waits
;; for diagnostics, asks for a hover, applies the server's quick fix, opens a request list ($PYRER_EMACS_REQUESTS),
;; then adds a package to the repository ($PYRER_EMACS_REPO, outside the project) on disk.  Prints one line
;; `PYRER_RESULT <json>` and exits (status 1 on a Lisp error).
;; In --batch, idle timers never fire: what they would do (connect, didChange, start Flymake) is called here.

(require 'package)
(package-initialize)
(require 'json)
(require 'cl-lib)
(set-language-environment "UTF-8")

(defvar pyrer-wait (string-to-number (or (getenv "PYRER_EMACS_WAIT") "20")))
(defvar pyrer-result (list (cons 'errors [])))

(defun pyrer-put (key value)
  (setq pyrer-result (cons (cons key value) (assq-delete-all key pyrer-result))))

(defun pyrer-pump-until (predicate)
  "Read server output until PREDICATE returns non-nil or the wait runs out; its last value."
  (let ((deadline (+ (float-time) pyrer-wait)) (value nil))
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun pyrer-diagnostics ()
  "Flymake's diagnostics of the current buffer: code, 0-based line, start and end column in characters."
  (sort (mapcar (lambda (d)
                  (let* ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d))
                         (text (flymake-diagnostic-text d)))
                    (save-excursion
                      (goto-char beg)
                      (list (cons 'code (and (string-match "\\[\\(PYRER[0-9]+\\)\\]" text) (match-string 1 text)))
                            (cons 'line (1- (line-number-at-pos beg)))
                            (cons 'col (- beg (line-beginning-position)))
                            (cons 'end_col (- end (line-beginning-position)))
                            (cons 'message text)))))
                (flymake-diagnostics))
        (lambda (a b) (or (< (alist-get 'line a) (alist-get 'line b))
                          (and (= (alist-get 'line a) (alist-get 'line b)) (< (alist-get 'col a) (alist-get 'col b)))))))

(defun pyrer-codes ()
  (mapconcat (lambda (d) (or (alist-get 'code d) "?")) (pyrer-diagnostics) ","))

(defun pyrer-wait-for (want)
  "Wait until the buffer shows exactly WANT (comma-joined codes in position order); the diagnostics."
  (pyrer-pump-until (lambda () (equal (pyrer-codes) want)))
  (vconcat (pyrer-diagnostics)))

(defun pyrer-changed ()
  "What eglot's idle timers would do after an edit: send didChange, let Flymake ask again."
  (eglot--signal-textDocument/didChange)
  (flymake-start))

(defun pyrer-open (file)
  "Visit FILE and connect eglot as the first command after `eglot-ensure' would."
  (find-file file)
  (run-hooks 'post-command-hook)
  (pyrer-pump-until (lambda () (and (eglot-current-server) (eglot--server-capable :hoverProvider))))
  (flymake-start)
  (current-buffer))

(defun pyrer-scenario ()
  (load (getenv "PYRER_EMACS_CONFIG") nil t)
  (pyrer-put 'emacs emacs-version)
  (let* ((pkg (pyrer-open (getenv "PYRER_EMACS_PACKAGE")))
         (server (eglot-current-server)))
    (pyrer-put 'package_mode (symbol-name major-mode))
    (pyrer-put 'attached (and server t))
    (pyrer-put 'initial (pyrer-wait-for "PYRER006,PYRER004,PYRER006"))
    ;; hover in the middle of "pyton-3" (eglot sends the column in UTF-16 units)
    (goto-char (point-min))
    (search-forward "pyton")
    (backward-char 2)
    (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
      (pyrer-put 'hover (plist-get (plist-get hover :contents) :value))
      (pyrer-put 'hover_kind (plist-get (plist-get hover :contents) :kind)))
    ;; the quick fix for the unknown family, applied by eglot (its edit ranges converted by eglot)
    (let* ((diag (cl-find-if (lambda (d) (string-match-p "PYRER004" (flymake-diagnostic-text d))) (flymake-diagnostics)))
           (actions (jsonrpc-request
                     server :textDocument/codeAction
                     (list :textDocument (eglot--TextDocumentIdentifier)
                           :range (list :start (eglot--pos-to-lsp-position (flymake-diagnostic-beg diag))
                                        :end (eglot--pos-to-lsp-position (flymake-diagnostic-end diag)))
                           :context (list :diagnostics
                                          (vector (alist-get 'eglot-lsp-diag (eglot--diag-data diag)))))))
           (fix (cl-find-if (lambda (a) (equal (plist-get a :title) "Replace 'pyton' with 'python'")) actions)))
      (pyrer-put 'fix_title (plist-get fix :title))
      (eglot--apply-workspace-edit (plist-get fix :edit))
      (pyrer-changed)
      (pyrer-put 'fixed_line (buffer-substring-no-properties (progn (goto-char (point-min)) (forward-line 2) (point))
                                                             (line-end-position))))
    (pyrer-put 'after_fix (pyrer-wait-for "PYRER006,PYRER006,PYRER006"))
    ;; an ordinary edit: bar out, the conflict gone
    (goto-char (point-min))
    (search-forward "\"bar\"")
    (replace-match "\"maya\"")
    (pyrer-changed)
    (pyrer-put 'edited (pyrer-wait-for ""))
    ;; a request list gets its own mode, on the same server
    (pyrer-open (getenv "PYRER_EMACS_REQUESTS"))
    (pyrer-put 'requests_mode (symbol-name major-mode))
    (pyrer-put 'same_server (eq (eglot-current-server) server))
    (pyrer-put 'requests (pyrer-wait-for "PYRER004"))
    ;; on disk, outside the project: the family the request list names appears
    (let ((dir (expand-file-name "houdini/20.0" (getenv "PYRER_EMACS_REPO"))))
      (make-directory dir t)
      (with-temp-file (expand-file-name "package.py" dir) (insert "name = \"houdini\"\nversion = \"20.0\"\n")))
    (pyrer-put 'disk (pyrer-wait-for ""))
    (with-current-buffer pkg (pyrer-put 'exit_status (progn (eglot-shutdown server) "shut down")))))

(condition-case err
    (pyrer-scenario)
  (error (pyrer-put 'errors (vector (error-message-string err)))))
(princ (concat "PYRER_RESULT " (json-encode pyrer-result) "\n"))
(kill-emacs (if (equal (alist-get 'errors pyrer-result) []) 0 1))
