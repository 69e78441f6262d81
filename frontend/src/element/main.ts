/**
 * The Web Component build (`ng build journey-editor-element`): defines
 * `<kalcifer-journey-editor>` in any page that loads this script and its stylesheet.
 */
import { provideZonelessChangeDetection } from '@angular/core';
import { createCustomElement } from '@angular/elements';
import { createApplication } from '@angular/platform-browser';
import { JourneyEditorElement } from './journey-editor.element';

const TAG = 'kalcifer-journey-editor';

createApplication({ providers: [provideZonelessChangeDetection()] })
  .then((app) => {
    if (!customElements.get(TAG))
      customElements.define(TAG, createCustomElement(JourneyEditorElement, { injector: app.injector }));
  })
  .catch((err: unknown) => console.error(err));
