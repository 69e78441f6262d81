import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { AnalyticsPage } from './analytics/analytics.page';
import { SessionService } from './api/session.service';
import { CustomerTracePage } from './customers/customer-trace.page';
import { EditorPage } from './editor/editor.page';
import { JourneyListPage } from './journeys/journey-list.page';
import { MigrationDashboardPage } from './migrations/migration-dashboard.page';
import { VersionsPage } from './versions/versions.page';
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
  {
    path: 'journeys/:id/versions',
    component: VersionsPage,
    canActivate: [signedIn],
    title: 'Versions · Kalcifer',
  },
  {
    path: 'journeys/:id/analytics',
    component: AnalyticsPage,
    canActivate: [signedIn],
    title: 'Analytics · Kalcifer',
  },
  {
    path: 'journeys/:id/migrations',
    component: MigrationDashboardPage,
    canActivate: [signedIn],
    title: 'Migrations · Kalcifer',
  },
  {
    path: 'journeys/:id/migrations/:migrationId',
    component: MigrationDashboardPage,
    canActivate: [signedIn],
    title: 'Migration · Kalcifer',
  },
  {
    path: 'customers/:customerId',
    component: CustomerTracePage,
    canActivate: [signedIn],
    title: 'Customer · Kalcifer',
  },
  { path: '', pathMatch: 'full', redirectTo: 'journeys' },
  { path: '**', redirectTo: 'journeys' },
];
