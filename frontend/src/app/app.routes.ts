import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { SessionService } from './api/session.service';
import { EditorPage } from './editor/editor.page';
import { JourneyListPage } from './journeys/journey-list.page';
import { SignInPage } from './sign-in/sign-in.page';

/** A visitor without a key signs in first, then lands where the link pointed (`?next=`). */
const signedIn: CanActivateFn = (_route, state) =>
  inject(SessionService).session()
    ? true
    : inject(Router).createUrlTree(['/sign-in'], { queryParams: { next: state.url } });

export const routes: Routes = [
  { path: 'sign-in', component: SignInPage, title: 'Sign in · Kalcifer' },
  { path: 'journeys', component: JourneyListPage, canActivate: [signedIn], title: 'Journeys · Kalcifer' },
  { path: 'journeys/:id', component: EditorPage, canActivate: [signedIn], title: 'Editor · Kalcifer' },
  { path: '', pathMatch: 'full', redirectTo: 'journeys' },
  { path: '**', redirectTo: 'journeys' },
];
